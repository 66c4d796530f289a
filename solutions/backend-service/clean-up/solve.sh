# Deleting the namespace deletes the Deployment, the frontend pod and the Service.
kubectl delete namespace "$NAMESPACE" --wait=true --timeout=180s
