"""Code generation: the pipeline, the models backend, the IR and its builder, the client renderer, finalize, swap."""
