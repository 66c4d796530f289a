# Deleting the namespace deletes both ReplicaSets and both Services.
kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s
