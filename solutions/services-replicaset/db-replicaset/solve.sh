# The ReplicaSet exists as soon as it is applied; its pod a moment later.
kubectl wait rs/go-demo-2-db -n "$NAMESPACE" --for=jsonpath='{.status.readyReplicas}'=1 --timeout=180s
