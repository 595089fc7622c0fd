"""Publishing: the bundled spec (YAML, JSON), the HTML reference, the SDK wheel and sdist in dist/."""
