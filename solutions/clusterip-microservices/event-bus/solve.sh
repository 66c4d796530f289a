kubectl rollout status deployment/event-bus -n "$NAMESPACE" --timeout=120s
