"""The OpenAPI document: YAML loading with line/column, JSON pointers, `$ref` walking, diagnostics.

A leaf: it imports nothing else from the generator, so the mock server and the benchmarks may use it.
"""
