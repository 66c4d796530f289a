kubectl wait rs/go-demo-2-api -n "$NAMESPACE" --for=jsonpath='{.status.readyReplicas}'=3 --timeout=120s
