#!/usr/bin/env python3
"""Writes the TLS fixture of the gateway's tests (run `../../../.venv/bin/python generate.py` here;
needs the `cryptography` package the interop suite pins).

cert.pem  a self-signed ECDSA P-256 certificate for `localhost` and 127.0.0.1, valid from
          2026-01-01 to 2126-01-01: no CI run meets either end, whatever its clock's skew;
key.pem   its private key (a test key, published here: never trust it).

The Swift tests trust cert.pem directly; the interop suite hands it to curl with --cacert.
"""
import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = Path(__file__).resolve().parent

key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gatehouse test")])
certificate = (
    x509.CertificateBuilder()
    .subject_name(name)
    .issuer_name(name)
    .public_key(key.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    .not_valid_after(datetime.datetime(2126, 1, 1, tzinfo=datetime.timezone.utc))
    .add_extension(
        x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        ),
        critical=False,
    )
    .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    .sign(key, hashes.SHA256())
)
(HERE / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
(HERE / "key.pem").write_bytes(
    key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
)
