"""TLS for `hostrt serve`: the serving context, and a self-signed CA + serving certificate.

`--tls-self-signed` does what `npx pepr build` does for a module: a CA, and a serving
certificate signed by it whose SANs name the webhook Service (`pepr-<uuid>.pepr-system.svc`) and
this machine (localhost, 127.0.0.1, ::1). The CA bundle is what a webhook configuration's
`caBundle` needs.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from hostrt.errors import HostError


@dataclass
class SelfSigned:
    """Where a generated certificate set was written."""

    cert: Path
    key: Path
    ca: Path

    def ca_bundle(self) -> str:
        """The CA certificate as a webhook `caBundle` value (base64 of the PEM)."""
        return base64.b64encode(self.ca.read_bytes()).decode("ascii")


def _names(uuid: str | None, extra: list[str]) -> list[str]:
    names = ["localhost", "127.0.0.1", "::1"]
    if uuid:
        names += [f"pepr-{uuid}.pepr-system.svc", f"pepr-{uuid}-watcher.pepr-system.svc"]
    for name in extra:
        if name and name not in names and name not in ("0.0.0.0", "::"):
            names.append(name)
    return names


def generate_self_signed(cert: Path, key: Path, *, uuid: str | None = None,
                         hosts: list[str] | None = None, days: int = 365) -> SelfSigned:
    """Write a new CA (ca.crt beside `cert`) and a serving key/certificate signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hostrt serve CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(now + dt.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                            crl_sign=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    names = _names(uuid, hosts or [])
    sans: list[x509.GeneralName] = []
    for name in names:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            sans.append(x509.DNSName(name))
    srv_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    srv_cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[3] if uuid
                                                            else "localhost")]))
                .issuer_name(ca_name).public_key(srv_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(minutes=5))
                .not_valid_after(now + dt.timedelta(days=days))
                .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                               critical=False)
                .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    ca_path = cert.parent / "ca.crt"
    for path in (cert, key, ca_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    ca_path.write_bytes(ca_cert.public_bytes(pem))
    cert.write_bytes(srv_cert.public_bytes(pem))
    key.write_bytes(srv_key.private_bytes(pem, serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption()))
    os.chmod(key, 0o600)
    return SelfSigned(cert, key, ca_path)


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """An HTTPS server context for the key pair, with a clear error naming a bad file."""
    for path, what, env in ((cert, "certificate", "SSL_CERT_PATH"), (key, "key", "SSL_KEY_PATH")):
        if not path.is_file():
            raise HostError(f"{path}: TLS {what} not found (set {env}, pass --tls-"
                            f"{'cert' if what == 'certificate' else 'key'}, or use "
                            "--tls-self-signed)", code="ERR_HOSTRT_NOT_FOUND")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ctx.load_cert_chain(str(cert), str(key))
    except (ssl.SSLError, ValueError) as exc:
        raise HostError(f"{cert} / {key}: not a usable PEM certificate and key: {exc}",
                        code="ERR_HOSTRT_BAD_INPUT") from exc
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx
