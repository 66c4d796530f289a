# Deleting the namespace deletes the Service, the Deployment and the jumpbox.
kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s
