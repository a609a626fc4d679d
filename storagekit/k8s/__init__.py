"""The Kubernetes engine: objects as the API server stores them, and the controllers that act on them."""
