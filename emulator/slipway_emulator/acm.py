"""ACM as AWS has it for DNS validation: a certificate is ISSUED once its CNAMEs are in Route 53."""

import hashlib

from moto.acm.exceptions import AWSError as ACMError
from moto.acm.models import AWSCertificateManagerBackend
from moto.acm.models import CertBundle
from moto.elbv2.models import elbv2_backends

from slipway_emulator import elbv2
from slipway_emulator.clock import CLOCK
from slipway_emulator.world.state import WORLD


def _certificate_users(account, region, arn):
    backend = elbv2_backends[account][region]
    users = [lb.arn for lb in backend.load_balancers.values()
             if any(arn in listener.certificates for listener in lb.listeners.values())]
    return users + [lb for lb in elbv2.lingering_certificate_users(arn) if lb not in users]  # section 28


def _validation_record(account, domain):
    """AWS's CNAME for a domain: the same for a domain and its wildcard, per account."""
    base = domain[2:] if domain.startswith("*.") else domain
    digest = hashlib.sha256(f"{account}:{base.lower()}".encode()).hexdigest()
    return {"Name": f"_{digest[:32]}.{base.lower()}.", "Type": "CNAME",
            "Value": f"_{digest[32:64]}.{digest[:10]}.acm-validations.aws."}


def _record_exists(account, name, value):
    from moto.route53.models import route53_backends
    name, value = name.lower().rstrip("."), value.lower().rstrip(".")
    for zone in route53_backends[account]["aws"].zones.values():
        for record in zone.rrsets:
            if record.type == "CNAME" and record.name.lower().rstrip(".") == name and \
                    any(str(v).lower().rstrip(".") == value for v in record.records or []):
                return True
    return False


def _requested_names(bundle):
    names = getattr(bundle, "_slipway_names", None)
    if names is None:
        names = list(dict.fromkeys([bundle.common_name] + list(bundle.sans)))
    return names


def _acm_check(self):
    if self.type == "AMAZON_ISSUED" and self.status == "PENDING_VALIDATION":
        from moto import settings as moto_settings
        waited = CLOCK.since(self.created_at)
        account = self.arn.split(":")[4]
        validated = all(_record_exists(account, **{k.lower(): v for k, v in _validation_record(account, name).items() if k != "Type"})
                        for name in _requested_names(self))
        if validated and waited >= moto_settings.ACM_VALIDATION_WAIT:
            self.status = "ISSUED"
            self._slipway_issued_at = CLOCK.utcnow()
    elif self.status != "PENDING_VALIDATION":
        _original_acm_check(self)


_original_acm_check = CertBundle.check
_original_acm_describe = CertBundle.describe


def _acm_describe(self):
    result = _original_acm_describe(self)
    certificate = result["Certificate"]
    account, region = self.arn.split(":")[4], self.arn.split(":")[3]
    certificate["InUseBy"] = _certificate_users(account, region, self.arn)
    if self.type != "AMAZON_ISSUED":
        return result
    names = _requested_names(self)
    certificate["SubjectAlternativeNames"] = names
    if self.status != "ISSUED":
        for key in ("IssuedAt", "NotBefore", "NotAfter", "Serial"):
            certificate.pop(key, None)
    elif getattr(self, "_slipway_issued_at", None) is not None:
        certificate["IssuedAt"] = datetime_to_epoch(self._slipway_issued_at)
    named = CLOCK.since(self.created_at) >= WORLD.web["resourceRecordSeconds"]
    status = {"ISSUED": "SUCCESS", "PENDING_VALIDATION": "PENDING_VALIDATION"}.get(self.status, "FAILED")
    options = []
    for name in names:
        record = _validation_record(account, name)
        option = {"DomainName": name, "ValidationDomain": name, "ValidationMethod": "DNS", "ValidationStatus": status}
        if named:
            option["ResourceRecord"] = record
        options.append(option)
    certificate["DomainValidationOptions"] = options
    return result


def datetime_to_epoch(value):
    from moto.acm.models import datetime_to_epoch as epoch
    return epoch(value)


_original_acm_request_certificate = AWSCertificateManagerBackend.request_certificate


def _acm_request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags, cert_authority_arn=None,
                             cert_options=None):
    arn = _original_acm_request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags,
                                            cert_authority_arn, cert_options)
    bundle = self._certificates[arn]
    if not hasattr(bundle, "_slipway_names"):
        bundle._slipway_names = list(dict.fromkeys([domain_name] + list(subject_alt_names or [])))
    return arn


_original_acm_delete_certificate = AWSCertificateManagerBackend.delete_certificate


def _acm_delete_certificate(self, arn):
    if arn in self._certificates and _certificate_users(self.account_id, self.region_name, arn):
        raise ACMError(f"Certificate {arn} in use by {', '.join(_certificate_users(self.account_id, self.region_name, arn))}",
                       exception_type="ResourceInUseException")
    return _original_acm_delete_certificate(self, arn)


def _acm_resources(response, action, body):
    if action in ("RequestCertificate", "ListCertificates", "ImportCertificate", "GetAccountConfiguration", "PutAccountConfiguration"):
        return ["*"], []
    return [body.get("CertificateArn", "*")], []
