kubectl rollout status deployment/myapp-backend -n "$NAMESPACE" --timeout=120s
kubectl wait --for=condition=Ready pod/myapp-frontend -n "$NAMESPACE" --timeout=120s
