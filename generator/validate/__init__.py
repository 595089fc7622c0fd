"""Validation: OpenAPI 3.1 structure, the project's `x-` extension rules, examples against their schemas."""
