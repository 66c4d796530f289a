# Deleting the namespace deletes the Service, the Deployment and the jumpbox.
# In a workshop (K8S_LABS_WORKSHOP set) the namespace is the instructor's: empty it, keep it.
if [ -n "${K8S_LABS_WORKSHOP:-}" ]; then
  kubectl delete all --all -n "$NAMESPACE" --wait=true --timeout=180s
else
  kubectl delete namespace "$NAMESPACE" --wait=false
fi
