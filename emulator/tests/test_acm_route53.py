"""ACM certificates issued once their validation CNAMEs are in Route 53; Route 53's change batches checked whole,
changes PENDING then INSYNC, names normalized, alias targets that must exist, ListHostedZonesByName in order."""

from tests.support import covers, error_code, error_message
from tests.web import TAGS, WebCase


def upsert(record):
    return {"Action": "UPSERT", "ResourceRecordSet": {"Name": record["Name"], "Type": "CNAME", "TTL": 300,
                                                      "ResourceRecords": [{"Value": record["Value"]}]}}


class AcmRoute53Tests(WebCase):
    @covers("acm.dns-validation")
    def test_a_certificate_is_pending_until_every_cname_is_in_the_zone_with_a_record_per_domain(self):
        acm, r53 = self.client("acm"), self.client("route53")
        created = r53.create_hosted_zone(Name="acm.example.org", CallerReference="acm")
        zone = created["HostedZone"]["Id"].split("/")[-1]
        self.assertEqual(r53.get_change(Id=created["ChangeInfo"]["Id"])["ChangeInfo"]["Status"], "INSYNC")
        self.post("/_slipway/web", {"resourceRecordSeconds": 3600})
        arn = acm.request_certificate(DomainName="acm.example.org", ValidationMethod="DNS", SubjectAlternativeNames=[
            "*.acm.example.org", "api.acm.example.org"], Tags=TAGS)["CertificateArn"]
        first = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertTrue(all("ResourceRecord" not in o for o in first["DomainValidationOptions"]), first)  # held back
        self.post("/_slipway/web", {"resourceRecordSeconds": 0})
        cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        names = [o["DomainName"] for o in cert["DomainValidationOptions"]]
        self.assertEqual(names, ["acm.example.org", "*.acm.example.org", "api.acm.example.org"])  # request order
        self.assertEqual(cert["SubjectAlternativeNames"], names)
        self.assertNotIn("IssuedAt", cert)
        self.assertNotIn("NotAfter", cert)
        records = [o["ResourceRecord"] for o in cert["DomainValidationOptions"]]
        self.assertEqual(records[0], records[1])  # the wildcard's is its domain's
        self.assertNotEqual(records[0]["Name"], records[2]["Name"])
        self.assertTrue(records[0]["Name"].endswith(".acm.example.org."), records[0])
        self.assertTrue(records[0]["Value"].endswith(".acm-validations.aws."), records[0])
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [upsert(records[0])]})
        # MOTO_ACM_VALIDATION_WAIT is 0 here: only the missing CNAME holds it back.
        self.assertEqual(acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"], "PENDING_VALIDATION")
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [upsert(records[2])]})
        cert = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        self.assertEqual(cert["Status"], "ISSUED")
        self.assertIn("IssuedAt", cert)
        self.assertEqual({o["ValidationStatus"] for o in cert["DomainValidationOptions"]}, {"SUCCESS"})

    @covers("route53.change-batches")
    def test_change_batches_are_checked_whole_changes_go_pending_then_insync_and_zones_list_by_name(self):
        r53 = self.client("route53")
        zone = self.zone("r53.example.org")
        lb = self.balancer("r53-lb")
        alias = {"HostedZoneId": lb["CanonicalHostedZoneId"], "DNSName": "DualStack." + lb["DNSName"].upper(),
                 "EvaluateTargetHealth": True}
        record = {"Name": "App.R53.Example.org", "Type": "A", "AliasTarget": alias}
        self.post("/_slipway/web", {"changeSeconds": 60})
        self.addCleanup(self.post, "/_slipway/web", {"changeSeconds": 0})
        change = r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": record}]})["ChangeInfo"]
        self.assertEqual(change["Status"], "PENDING")
        self.assertNotEqual(change["Id"], "/change/C2682N5HXP0BZ4")  # moto's one id for every change
        self.assertEqual(r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"], "PENDING")
        self.advance(60)
        self.assertEqual(r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"], "INSYNC")
        self.assertEqual(error_code(lambda: r53.get_change(Id="CNOSUCHCHANGE0000000")), "NoSuchChange")
        sets = {s["Name"]: s for s in r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]}
        self.assertEqual(sets["app.r53.example.org."]["AliasTarget"]["DNSName"], "dualstack." + lb["DNSName"] + ".")
        batch = lambda *changes: lambda: r53.change_resource_record_sets(  # noqa: E731
            HostedZoneId=zone, ChangeBatch={"Changes": list(changes)})
        fine = {"Action": "UPSERT", "ResourceRecordSet": {"Name": "ok.r53.example.org", "Type": "TXT", "TTL": 60,
                                                          "ResourceRecords": [{"Value": '"x"'}]}}
        self.assertIn("Tried to create resource record set [name='app.r53.example.org.', type='A'] but it already exists",
                      error_message(batch(fine, {"Action": "CREATE", "ResourceRecordSet": record})))
        self.assertNotIn("ok.r53.example.org.", {s["Name"] for s in r53.list_resource_record_sets(
            HostedZoneId=zone)["ResourceRecordSets"]})  # nothing of a refused batch applies
        differs = {"Action": "DELETE", "ResourceRecordSet": {**record, "AliasTarget": {**alias, "EvaluateTargetHealth": False}}}
        self.assertIn("do not match the current values", error_message(batch(differs)))
        missing = {"Action": "DELETE", "ResourceRecordSet": {**record, "Name": "gone.r53.example.org"}}
        self.assertIn("but it was not found", error_message(batch(missing)))
        nowhere = {"Action": "UPSERT", "ResourceRecordSet": {**record, "AliasTarget": {**alias, "DNSName": "nope.example.com"}}}
        self.assertIn("does not lie within the target zone", error_message(batch(nowhere)))
        self.assertEqual(error_code(batch({"Action": "UPSERT", "ResourceRecordSet": {**record, "AliasTarget": {
            **alias, "HostedZoneId": "Z2P70J7EXAMPLE"}}})), "InvalidChangeBatch")
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            {"Action": "DELETE", "ResourceRecordSet": record}]})
        self.zone("a.r53.example.org")
        page = r53.list_hosted_zones_by_name(DNSName="r53.example.org", MaxItems="1")
        self.assertEqual(([z["Name"] for z in page["HostedZones"]], page["IsTruncated"]), (["r53.example.org."], True))
        self.assertEqual((page["NextDNSName"], page["MaxItems"]), ("a.r53.example.org.", "1"))
        after = r53.list_hosted_zones_by_name(DNSName="0.r53.example.org")["HostedZones"]
        self.assertEqual([z["Name"] for z in after][:1], ["a.r53.example.org."])
