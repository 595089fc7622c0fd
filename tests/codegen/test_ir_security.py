"""The client's credential settings from a document's security schemes (codegen/ir_security.py)."""

from __future__ import annotations

import textwrap

from generator.codegen.ir import ClientSecurity, CredentialKind
from generator.codegen.ir_builder import build_service
from generator.openapi.diagnostics import Diagnostic
from generator.openapi.load import parse_text
from generator.validate.lint import Lint
from generator.validate.security import check_security


def security_of(
    schemes: str, security: str = "", operation: str = "", sdk: str = ""
) -> tuple[ClientSecurity, list[Diagnostic]]:
    text = textwrap.dedent(
        f"""\
        openapi: 3.1.0
        info: {{title: Pet Shop, version: "1"}}
        {sdk}
        {security}
        paths:
          /pets:
            get:
              operationId: listPets
              {operation}
              responses:
                "204": {{description: none}}
        components:
          securitySchemes: {schemes}
        """
    )
    service, problems = build_service(parse_text(text, "pets.yaml"))
    return service.credentials, problems


def test_a_document_without_schemes_gives_no_setting() -> None:
    credentials, problems = security_of("{}")
    assert credentials == ClientSecurity() and not problems


def test_each_kind_becomes_its_settings_named_from_the_scheme() -> None:
    credentials, problems = security_of(
        "{bearer: {type: http, scheme: Bearer}, sso: {type: openIdConnect, openIdConnectUrl: 'https://x.test'},"
        " basic: {type: http, scheme: basic}, X-Partner-Key: {type: apiKey, in: header, name: X-Partner},"
        " 2fa: {type: apiKey, in: query, name: code}, class: {type: apiKey, in: cookie, name: c}}"
    )
    assert not problems
    bearer, basic, *keys = credentials.settings
    assert (bearer.kind, bearer.schemes, bearer.env_vars) == (
        CredentialKind.BEARER,
        ("bearer", "sso"),
        ("PET_SHOP_TOKEN",),
    )
    assert (basic.kind, basic.arguments) == (CredentialKind.BASIC, ("username", "password"))
    assert basic.env_vars == ("PET_SHOP_USERNAME", "PET_SHOP_PASSWORD")
    assert [(k.arguments, k.env_vars, k.location, k.wire_name) for k in keys] == [
        (("x_partner_key",), ("PET_SHOP_X_PARTNER_KEY",), "header", "X-Partner"),
        (("n2fa",), ("PET_SHOP_N2FA",), "query", "code"),
        (("class_",), ("PET_SHOP_CLASS_",), "cookie", "c"),
    ]
    assert credentials.required  # no security anywhere: operations send what the client has, so it needs one


def test_an_api_key_named_like_another_argument_gets_a_number() -> None:
    credentials, _ = security_of(
        "{token: {type: apiKey, in: header, name: T}, timeout: {type: apiKey, in: query, name: t},"
        " project: {type: apiKey, in: query, name: p}, Token: {type: apiKey, in: query, name: u}}",
        sdk="x-sdk: {package: pets_sdk, client: Pets, client-path-params: [project]}",
    )
    assert [s.arguments[0] for s in credentials.api_keys] == ["token_2", "timeout_2", "project_2", "token_3"]
    assert credentials.api_keys[0].env_vars == ("PETS_TOKEN_2",)


def test_a_scheme_the_sdk_cannot_send_is_held_by_the_http_client() -> None:
    credentials, problems = security_of("{digest: {type: http, scheme: digest}, tls: {type: mutualTLS}}")
    [external] = credentials.settings
    assert (external.kind, external.schemes, external.arguments) == (CredentialKind.EXTERNAL, ("digest", "tls"), ())
    assert not credentials.required and not problems  # nothing to give: the http_client carries it (lint: security)


def test_the_lint_names_a_scheme_the_sdk_cannot_send_and_a_requirement_naming_no_scheme() -> None:
    text = textwrap.dedent(
        """\
        openapi: 3.1.0
        info: {title: Pet Shop, version: "1"}
        security: [{nope: []}]
        paths:
          /pets:
            get:
              security: [{digest: []}, {key: [], missing/one: []}]
              responses:
                "204": {description: none}
        components:
          securitySchemes:
            digest: {type: http, scheme: digest}
            key: {type: apiKey, in: query, name: k}
        """
    )
    found = check_security(parse_text(text, "pets.yaml"), Lint(default="error"))
    assert [(d.level, d.pointer, d.line) for d in found] == [
        ("error", "/components/securitySchemes/digest", 12),
        ("error", "/security/0/nope", 3),
        ("error", "/paths/~1pets/get/security/1/missing~1one", 7),
    ]
    assert "'digest' (http digest) is not sent by the SDK: configure it on the client's http_client" in found[0].message
    assert found[1].message.endswith(
        "which components/securitySchemes does not declare: the SDK sends nothing for it (set it up on the client's http_client) (lint rule security)"
    )


def test_credentials_are_required_only_when_some_operation_needs_one() -> None:
    key = "{key: {type: apiKey, in: header, name: K}}"
    assert not security_of(key, security="security: []")[0].required
    assert not security_of(key, operation="security: []")[0].required
    assert not security_of(key, operation="security: [{}]")[0].required  # optional: none is fine
    assert security_of(key, security="security: []", operation="security: [{key: []}]")[0].required
    assert security_of(key, security="security: [{key: []}]")[0].required


def test_the_document_security_is_the_default_and_absent_is_none() -> None:
    key = "{key: {type: apiKey, in: header, name: K}, other: {type: http, scheme: basic}}"
    assert security_of(key)[0].default is None
    assert security_of(key, security="security: []")[0].default == ()
    assert security_of(key, security="security: [{key: [], other: []}, {other: []}]")[0].default == (
        ("key", "other"),
        ("other",),
    )


def test_a_requirement_naming_no_declared_scheme_is_left_to_the_http_client() -> None:
    credentials, _ = security_of("{key: {type: apiKey, in: header, name: K}}", security="security: [{BearerAuth: []}]")
    assert [(s.kind, s.schemes) for s in credentials.settings] == [
        (CredentialKind.API_KEY, ("key",)),
        (CredentialKind.EXTERNAL, ("BearerAuth",)),
    ]
    assert not credentials.required
