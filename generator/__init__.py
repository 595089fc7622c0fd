"""The OpenAPI-to-SDK generation pipeline: load, validate, parse, render, finalize, swap."""
