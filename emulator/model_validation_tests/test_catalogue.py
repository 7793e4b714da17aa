"""What is judged: the exempt paths, the models' patterns (each translated or listed), the pinned
botocore."""

import os
import re
import unittest

import botocore

import model_validation as mv

from .support import EMULATOR, VALIDATOR, messages, request


class ExemptionTests(unittest.TestCase):

    def test_exempt_paths(self):
        for path in ("/_slipway/health", "/moto-api/reset", "/latest/meta-data/iam/"):
            with self.subTest(path):
                self.assertEqual(VALIDATOR.validate("POST", path, "", {}, b"{nope"), [])
                self.assertTrue(mv.exemption(path))

    def test_each_exemption_has_a_reason(self):
        for prefix, reason in mv.EXEMPT_PATHS:
            self.assertTrue(prefix.startswith("/") and len(reason) > 10, prefix)

    def test_services_not_validated(self):
        # A service outside SERVICES, and a request naming no service, are not judged.
        self.assertEqual(messages(request("sqs", "list_queues")), [])
        self.assertEqual(VALIDATOR.validate("GET", "/", "", {"Host": "127.0.0.1"}, b""), [])


class PatternTests(unittest.TestCase):

    def compile(self, pattern):
        return re.compile(mv.translate_java_regex(pattern), re.ASCII)

    def test_unicode_classes(self):
        tag = self.compile(r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*")
        for good in ("slipway:app", "Équipe", "名前", "a b", "٣", "x_y.z/w=+-@"):
            self.assertTrue(tag.fullmatch(good), good)
        for bad in ("a&b", "<", "tab\there", "#"):
            self.assertFalse(tag.fullmatch(bad), bad)
        self.assertTrue(self.compile(r"\p{ASCII}+").fullmatch("abc~"))
        self.assertFalse(self.compile(r"\p{ASCII}+").fullmatch("é"))
        self.assertFalse(self.compile(r"\P{L}+").fullmatch("é"))

    def test_java_only_syntax(self):
        self.assertTrue(self.compile(r"[\w-_]*").fullmatch("a-b_c"))  # Java: `-` beside \w is literal
        self.assertTrue(self.compile(r"\Qa.b\E").fullmatch("a.b"))
        self.assertFalse(self.compile(r"\Qa.b\E").fullmatch("axb"))
        self.assertTrue(self.compile(r"(?<name>ab)\z").fullmatch("ab"))
        self.assertFalse(self.compile(r"\w+").fullmatch("é"))  # Java's \w is ASCII
        with self.assertRaises(mv.UncheckablePattern):
            mv.translate_java_regex(r"[a-z&&[^aeiou]]")

    def test_every_model_pattern_is_checked_or_listed(self):
        """Each pattern of each model compiles after translation, or is in UNCHECKABLE_PATTERNS
        (and each listed one really cannot be compiled)."""
        from botocore.loaders import Loader
        loader = Loader()
        patterns = set()
        for service in mv.SERVICES:
            for shape in loader.load_service_model(service, "service-2")["shapes"].values():
                if "pattern" in shape:
                    patterns.add(shape["pattern"])
        failures = {}
        for pattern in sorted(patterns):
            try:
                re.compile(mv.translate_java_regex(pattern), re.ASCII)
            except (mv.UncheckablePattern, re.error) as error:
                failures[pattern] = str(error)
        self.assertEqual(sorted(failures), sorted(mv.UNCHECKABLE_PATTERNS),
                         f"patterns that cannot be compiled: {failures}")
        self.assertGreater(len(patterns), 150)

    def test_summary(self):
        report = mv.ModelValidator(services=("ecr", "iam")).summary()
        self.assertEqual(report["botocore"], mv.BOTOCORE_VERSION)
        self.assertEqual(report["patterns_unchecked"], len(mv.UNCHECKABLE_PATTERNS))
        self.assertEqual(report["services"]["iam"]["protocol"], "query")


class PinTests(unittest.TestCase):

    def test_models_are_the_pinned_botocore(self):
        self.assertEqual(botocore.__version__, mv.BOTOCORE_VERSION)
        with open(os.path.join(EMULATOR, "install.sh")) as f:
            install = f.read()
        self.assertIn(f'BOTOCORE_VERSION="{mv.BOTOCORE_VERSION}"', install)
        from importlib.metadata import version
        self.assertIn(f'BOTO3_VERSION="{version("boto3")}"', install)
