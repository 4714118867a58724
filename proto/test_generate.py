#!/usr/bin/env python3
"""Tests of proto/generate.py on edited copies of proto/: what a declaration adds, what its removal
takes away, and the declarations the generator refuses. Run by `make proto-check`:

    /usr/bin/python3 proto/test_generate.py
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

PROTO_INCLUDE = "/usr/include"


def generate_from(edit=None):
    """Runs protoc-c and the generator over a copy of proto/ after `edit(dir)`; returns the outputs
    (path → text) or raises SystemExit with the generator's refusal."""
    with tempfile.TemporaryDirectory() as tmp:
        protos = os.path.join(tmp, "proto")
        shutil.copytree(HERE, protos, ignore=shutil.ignore_patterns("*.py", "*.sh", "__pycache__"))
        if edit:
            edit(protos)
        files = sorted(f for f in os.listdir(protos) if f.endswith(".proto"))
        out = os.path.join(tmp, "c")
        os.makedirs(out)
        descriptors = os.path.join(tmp, "descriptors.pb")
        subprocess.run(["protoc-c", "--proto_path=" + protos, "--proto_path=" + PROTO_INCLUDE, "--c_out=" + out,
                        "--include_imports", "--include_source_info", "--descriptor_set_out=" + descriptors] + files,
                       check=True, capture_output=True)
        with open(descriptors, "rb") as handle:
            return generate.Generator(handle.read()).run()


def read(protos, name):
    with open(os.path.join(protos, name)) as handle:
        return handle.read()


def replace_in(name, old, new, count=1):
    def edit(protos):
        path = os.path.join(protos, name)
        with open(path) as handle:
            text = handle.read()
        assert old in text, f"{old!r} not in {name}"
        with open(path, "w") as handle:
            handle.write(text.replace(old, new, count))
    return edit


class GenerateTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.baseline = generate_from()

    def routes(self, outputs, service="Loyalty"):
        return outputs[f"Services/gateway/Sources/Generated/GatewayRoutes+{service}.swift"]

    def test_everyOutputCarriesTheGeneratedHeader(self):
        for path, text in self.baseline.items():
            self.assertTrue(text.startswith("// " + generate.GENERATED_MARK), path)
            self.assertIn("swift-format-ignore-file", text.split("\n")[1], path)

    def test_anRpcsHttpBinding_isItsRoute(self):
        self.assertIn('RouteSpec(.post, "/api/cashier/earn", rpc: LoyaltyMethods.earn', self.routes(self.baseline))

    def test_deletingARoutesLine_removesTheRoute_butNotTheRpc(self):
        outputs = generate_from(replace_in(
            "loyalty.proto", 'option (api.http) = { post: "/api/cashier/earn" body: "*" };', ""))
        self.assertNotIn("/api/cashier/earn", self.routes(outputs))
        self.assertIn("public static let earn = RPCMethod<EarnRequest, EarnReply>",
                      outputs["Shared/Contracts/Loyalty/LoyaltyMethods.swift"])

    def test_deletingAnRpc_removesItsMethod_andDeletingAMessage_removesItsMirror(self):
        def edit(protos):
            rpc = re.search(r"  rpc ClearPrecheck\(.*?\n  \}\n", read(protos, "loyalty.proto"), re.S).group(0)
            replace_in("loyalty.proto", rpc, "")(protos)
            text = read(protos, "loyalty.proto")
            message = re.search(r"message ClearPrecheckReply \{.*?\n\}\n", text, re.S).group(0)
            replace_in("loyalty.proto", message, "")(protos)
        outputs = generate_from(edit)
        self.assertNotIn("clearPrecheck", outputs["Shared/Contracts/Loyalty/LoyaltyMethods.swift"])
        self.assertNotIn("Shared/Contracts/Loyalty/ClearPrecheckReply.swift", outputs)
        self.assertIn("Shared/Contracts/Loyalty/ClearPrecheckReply.swift", self.baseline)

    def test_aPathParameter_mustBeARequestField(self):
        with self.assertRaises(SystemExit) as refused:
            generate_from(replace_in("loyalty.proto", '"/api/customers/{card}"', '"/api/customers/{cardNumber}"'))
        self.assertIn("{cardNumber} is not a field of loyalty.GetCustomerRequest", str(refused.exception))

    def test_aPostWithoutBody_isRefused(self):
        with self.assertRaises(SystemExit) as refused:
            generate_from(replace_in("loyalty.proto", 'post: "/api/cashier/earn" body: "*"', 'post: "/api/cashier/earn"'))
        self.assertIn('set body: "*"', str(refused.exception))

    def test_aRouteWithoutSummary_isRefused(self):
        with self.assertRaises(SystemExit) as refused:
            generate_from(replace_in(
                "loyalty.proto",
                'option (api.summary) = "Earn 4% cashback on a purchase {card, storeId, amount}; Idempotency-Key makes retries safe";', ""))
        self.assertIn("needs (api.summary)", str(refused.exception))

    def test_twoAuthKinds_areRefused(self):
        with self.assertRaises(SystemExit) as refused:
            generate_from(replace_in("loyalty.proto", "option (api.auth) = { only: [TELEGRAM] };",
                                     "option (api.auth) = { only: [TELEGRAM] open: true };"))
        self.assertIn("exactly one of", str(refused.exception))

    def test_fieldRules_reachTheOpenAPIInputs(self):
        rules = self.baseline["Services/gateway/Sources/Generated/DeclaredFieldRules.swift"]
        self.assertIn('"status": FieldRule(required: true, enumValues: ["applied", "failed"], format: nil)', rules)


if __name__ == "__main__":
    unittest.main(verbosity=1)
