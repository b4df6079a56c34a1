// The CSRs pkitool writes, read by OpenSSL: the signatures verify, the keys
// decrypt, and an OpenSSL CA that copies the requested extensions issues
// certificates that pass `pkitool lint --type` for their type.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;

struct Ca {
    explicit Ca(const test::TempDir& dir)
    {
        std::filesystem::create_directories(dir / "ca");
        dir.write("ca/index.txt", "");
        dir.write("ca/serial", "2000\n");
        config = dir.write("ca.cnf",
            "[ ca ]\ndefault_ca = c\n[ c ]\ndir = " + (dir / "ca").string()
                + "\ndatabase = $dir/index.txt\nserial = $dir/serial\nnew_certs_dir = $dir\ndefault_md = sha256\n"
                  "policy = p\nunique_subject = no\ncopy_extensions = copy\n[ p ]\ncountryName = optional\n"
                  "stateOrProvinceName = optional\nlocalityName = optional\norganizationName = optional\n"
                  "organizationalUnitName = optional\ncommonName = supplied\n[ leaf ]\n"
                  "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n");
    }
    std::string config;
};

TEST(CsrInterop, OpensslVerifiesSignsAndDecrypts)
{
    test::TempDir dir;
    const auto pw = dir.write("pw", "correct horse\n");
    const auto out = (dir / "csrs").string();
    // Encrypted keys for one node (PBKDF2 with 600000 iterations is slow on purpose), all types.
    const auto made
        = test::pkitool({"csr", "--cluster", std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml",
            "--all", "--out-dir", out, "--no-encrypt", "--insecure"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto encrypted = test::pkitool(
        {"csr", "--cluster", std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml", "--type",
            "CallManager-ECDSA", "--node", "cucm-sub2", "--out-dir", (dir / "enc").string(), "--pass-file", pw});
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    const auto decrypted
        = test::run({"openssl", "pkey", "-in", (dir / "enc" / "cucm-sub2-CallManager-ECDSA.key").string(), "-passin",
            "pass:correct horse", "-noout", "-text"});
    EXPECT_EQ(decrypted.exit_code, 0) << decrypted.err;
    EXPECT_TRUE(contains(decrypted.out, "NIST CURVE: P-256"));

    Ca ca(dir);
    const std::string root_cert = test::data_path("pki/root-ca.pem");
    const std::string root_key = test::data_path("pki/root-ca.key");
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
        if (entry.path().extension() != ".csr") {
            continue;
        }
        const std::string csr = entry.path().string();
        const auto verify = test::run({"openssl", "req", "-in", csr, "-noout", "-verify"});
        EXPECT_EQ(verify.exit_code, 0) << csr << verify.err;
        EXPECT_TRUE(contains(verify.err + verify.out, "verify OK")) << csr;

        const std::string cert = (dir / (entry.path().stem().string() + ".pem")).string();
        const auto sign = test::run({"openssl", "ca", "-batch", "-notext", "-config", ca.config, "-cert", root_cert,
            "-keyfile", root_key, "-extensions", "leaf", "-startdate", "20260101000000Z", "-enddate", "20280101000000Z",
            "-in", csr, "-out", cert});
        ASSERT_EQ(sign.exit_code, 0) << csr << sign.err;

        // The type is the part of the name after the node: cucm-pub-ms-tomcat, imp-sub1-cup-xmpp-ECDSA.
        const auto manifest = test::run({"jq", "-r",
            ".requests[] | select(.csr_file == \"" + entry.path().filename().string()
                + "\") | .product + \"/\" + .type",
            (std::filesystem::path(out) / "csr-manifest.json").string()});
        std::string type = manifest.out.substr(0, manifest.out.find('\n'));
        const auto lint = test::pkitool({"lint", "--at", "2027-01-01", "--type", type, cert});
        EXPECT_EQ(lint.exit_code, 0) << type << "\n" << lint.out << lint.err;
        EXPECT_FALSE(contains(lint.out, "error ")) << type << lint.out;
        // The whole response, against the request it answers.
        const auto validated = test::pkitool(
            {"--json", "validate", "--at", "2027-01-01", "--type", type, "--csr", csr, "--trust", root_cert, cert});
        EXPECT_EQ(validated.exit_code, 0) << type << "\n" << validated.out << validated.err;
        EXPECT_EQ(jq(validated.out, ".plan[-1].purpose"), type.substr(type.find('/') + 1)) << type;
        ++checked;
    }
    EXPECT_EQ(checked, 33);
}

TEST(CsrInterop, ValidateFindsTheTypeAndChecksTheClusterNames)
{
    // A multi-server tomcat request from pkitool csr, signed by an OpenSSL
    // CA: validate takes the type from csr-manifest.json (no --type), or
    // from the file name once the CSR is moved away from its manifest, and
    // with --cluster checks that the SAN names every node.
    test::TempDir dir;
    const std::string cluster = std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml";
    const auto out = (dir / "csrs").string();
    const auto made = test::pkitool({"csr", "--cluster", cluster, "--type", "tomcat", "--multi-server", "--out-dir",
        out, "--no-encrypt", "--insecure"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string csr = out + "/cucm-pub-ms-tomcat.csr";
    Ca ca(dir);
    const std::string root_cert = test::data_path("pki/root-ca.pem");
    const auto sign = [&](const std::string& cert, const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"openssl", "ca", "-batch", "-notext", "-config", ca.config, "-cert", root_cert,
            "-keyfile", test::data_path("pki/root-ca.key"), "-startdate", "20260101000000Z", "-enddate",
            "20280101000000Z", "-in", csr, "-out", cert};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = test::run(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    const std::string good = (dir / "good.pem").string();
    sign(good, {"-extensions", "leaf"});
    const auto validated = test::pkitool(
        {"--json", "validate", "--at", "2027-01-01", "--csr", csr, "--trust", root_cert, "--cluster", cluster, good});
    EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
    EXPECT_EQ(jq(validated.out, ".type"), "cucm/tomcat");
    EXPECT_TRUE(contains(jq(validated.out, ".type_source"), "csr-manifest.json")) << validated.out;
    EXPECT_EQ(jq(validated.out, ".plan[-1].purpose"), "tomcat");

    const std::string moved = (dir / "cucm-pub-ms-tomcat.csr").string();
    std::filesystem::copy_file(csr, moved);
    const auto by_name
        = test::pkitool({"--json", "validate", "--at", "2027-01-01", "--csr", moved, "--trust", root_cert, good});
    EXPECT_EQ(by_name.exit_code, 0) << by_name.out;
    EXPECT_TRUE(contains(jq(by_name.out, ".type_source"), "file name cucm-pub-ms-tomcat.csr")) << by_name.out;

    // A CA that ignores the requested SANs and writes one of its own.
    const auto ext = dir.write("one-san.cnf",
        "[ one ]\nsubjectAltName = DNS:cucm-pub.example.com\n"
        "keyUsage = critical, digitalSignature, keyEncipherment, dataEncipherment\n"
        "extendedKeyUsage = serverAuth, clientAuth\n");
    const std::string dropped = (dir / "dropped.pem").string();
    const auto config = test::read_text(ca.config);
    dir.write("ca-nocopy.cnf",
        config.substr(0, config.find("copy_extensions")) + "copy_extensions = none\n"
            + config.substr(config.find('\n', config.find("copy_extensions")) + 1));
    const auto r = test::run({"openssl", "ca", "-batch", "-notext", "-config", (dir / "ca-nocopy.cnf").string(),
        "-cert", root_cert, "-keyfile", test::data_path("pki/root-ca.key"), "-startdate", "20260101000000Z", "-enddate",
        "20280101000000Z", "-extfile", ext, "-extensions", "one", "-in", csr, "-out", dropped});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto short_san = test::pkitool({"--json", "validate", "--at", "2027-01-01", "--csr", csr, "--trust",
        root_cert, "--cluster", cluster, dropped});
    EXPECT_EQ(short_san.exit_code, 1) << short_san.out;
    const auto rules = jq(short_san.out, "[.certificates[].findings[].rule] | unique | join(\" \")");
    EXPECT_TRUE(contains(rules, "names.not-covered")) << rules;
    EXPECT_TRUE(contains(rules, "names.domain-missing")) << rules;
    EXPECT_TRUE(contains(rules, "csr.san-missing")) << rules;
    const auto host = test::pkitool({"validate", "--at", "2027-01-01", "--trust", root_cert, "--type", "tomcat",
        "--host", "cucm-sub1.example.com", dropped});
    EXPECT_EQ(host.exit_code, 1) << host.out;
    EXPECT_TRUE(contains(host.out, "names.not-covered")) << host.out;
    const auto cn_only = test::pkitool({"validate", "--at", "2027-01-01", "--trust", root_cert, "--type", "tomcat",
        "--host", "cucm-pub-ms.example.com", dropped});
    EXPECT_TRUE(contains(cn_only.out, "names.cn-only")) << cn_only.out;
}

} // namespace
} // namespace pkitool
