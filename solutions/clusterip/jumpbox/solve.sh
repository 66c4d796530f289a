kubectl wait --for=condition=Ready pod/jumpbox -n "$NAMESPACE" --timeout=120s
