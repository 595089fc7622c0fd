"""An allOf subclass of a model whose property is a one-value enum types that field as its base does.

The backend types such a field as a Literal in a discriminated union's member (or a subclass that
redeclares it) but as an enum class elsewhere; a subclass narrowing its base's field to an unrelated
type fails `mypy --strict` (seen on OpenAI's ComputerToolCallOutputResource and
FineTuneChatCompletionRequestAssistantMessage)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import imported_sdk

DOC = """
openapi: 3.1.0
info: {title: "Const Bases", version: "1.0"}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Item"}
  /messages:
    post:
      operationId: sendMessage
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/TuneMessage"}
      responses:
        "204": {description: done}
  /chat:
    post:
      operationId: chat
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Message"}
      responses:
        "204": {description: done}
components:
  schemas:
    Item:
      oneOf:
        - {$ref: "#/components/schemas/OutputResource"}
        - {$ref: "#/components/schemas/Other"}
      discriminator: {propertyName: type}
    Other:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [other]}
    Output:
      type: object
      required: [type, call_id]
      properties:
        type: {type: string, enum: [output], default: output}
        call_id: {type: string}
    OutputResource:
      allOf:
        - {$ref: "#/components/schemas/Output"}
        - type: object
          required: [id]
          properties:
            id: {type: string}
    Message:
      oneOf:
        - {$ref: "#/components/schemas/AssistantMessage"}
        - {$ref: "#/components/schemas/UserMessage"}
      discriminator: {propertyName: role}
    UserMessage:
      type: object
      required: [role]
      properties:
        role: {type: string, enum: [user]}
    AssistantMessage:
      type: object
      properties:
        role: {type: string, enum: [assistant]}
        content: {type: string}
    TuneMessage:
      allOf:
        - type: object
          properties:
            weight: {type: integer, enum: [0, 1]}
        - {$ref: "#/components/schemas/AssistantMessage"}
      required: [role]
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    folder = tmp_path_factory.mktemp("const_bases")
    with imported_sdk(folder, DOC, "const_bases_sdk") as sdk:
        yield sdk, folder / "out" / "const_bases_sdk"


def test_the_sdk_type_checks_strictly(package: tuple[ModuleType, Path]) -> None:
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package[1])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_subclasses_validate_samples(package: tuple[ModuleType, Path]) -> None:
    models = package[0].models
    resource = models.OutputResource.model_validate({"type": "output", "call_id": "c", "id": "i"})
    assert (resource.type, resource.id) == ("output", "i")
    tuned = models.TuneMessage.model_validate({"role": "assistant", "weight": 1, "content": "hi"})
    assert tuned.role == "assistant"
    with pytest.raises(ValueError):
        models.TuneMessage.model_validate({"role": "user"})
