# Runs after the manifests: wait until all three replicas are ready.
kubectl rollout status deployment/echo-frontend -n "$NAMESPACE" --timeout=120s
