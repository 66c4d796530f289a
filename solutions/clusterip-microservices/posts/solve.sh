kubectl rollout status deployment/posts -n "$NAMESPACE" --timeout=120s
