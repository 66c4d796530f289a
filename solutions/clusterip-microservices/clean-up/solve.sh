# Deleting the namespace deletes both Deployments and both Services.
kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s
