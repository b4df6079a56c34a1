// pkitool profiles and pkitool csr, run as a user would.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace pkitool {
namespace {

using test::contains;
using test::jq;

using test::data_path;
using test::pkitool;

const std::string k_cluster = std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml";

unsigned mode_of(const std::filesystem::path& p)
{
    struct stat st { };
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

TEST(ProfilesCli, ListAndShow)
{
    const auto list = pkitool({"profiles", "list"});
    EXPECT_EQ(list.exit_code, 0);
    EXPECT_TRUE(contains(list.out, "CAPF                cucm    no    digitalSignature,keyEncipherment,keyCertSign"));
    EXPECT_TRUE(contains(list.out, "ITLRecovery         cucm    no    (no CSR)"));
    const auto json = pkitool({"--json", "profiles", "list"});
    EXPECT_EQ(jq(json.out, ".profiles | length"), "17");
    EXPECT_EQ(jq(json.out, "[.profiles[] | select(.id == \"imp/cup\")][0].key_usage | join(\",\")"),
        "digitalSignature,keyEncipherment,dataEncipherment,keyAgreement");
    const auto show = pkitool({"profiles", "show", "CAPF"});
    EXPECT_EQ(show.exit_code, 0);
    EXPECT_TRUE(contains(show.out, "Basic constraints  CA:TRUE, pathlen:0 (critical)"));
    const auto unknown = pkitool({"profiles", "show", "tomcatt"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_TRUE(contains(unknown.err, "did you mean \"tomcat\"?"));
}

TEST(ProfilesCli, ProfilesDirAndEnvironment)
{
    test::TempDir dir;
    dir.write("expressway.toml",
        "type = \"expressway\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\n"
        "key_usage = [\"digitalSignature\"]\nextended_key_usage = [\"serverAuth\"]\n");
    EXPECT_TRUE(contains(pkitool({"--profiles-dir", dir.path().string(), "profiles", "show", "expressway"}).out,
        "Source             " + (dir / "expressway.toml").string()));
    EXPECT_EQ(
        pkitool({"profiles", "show", "expressway"}, {}, {{"PKITOOL_PROFILES", dir.path().string()}}).exit_code, 0);
    dir.write("broken.toml", "type = \"x\"\nproduct = \"cucm\"\nkey_algorithm = \"RSA\"\ncolour = 1\n");
    const auto broken = pkitool({"--profiles-dir", dir.path().string(), "profiles", "list"});
    EXPECT_EQ(broken.exit_code, 3);
    EXPECT_EQ(broken.err, "pkitool: " + (dir / "broken.toml").string() + ":4: unknown key \"colour\"\n");
}

TEST(CsrCli, OneNodeWithEncryptedKeyAndManifest)
{
    test::TempDir dir;
    const auto pw = dir.write("pw", "s3cret\n");
    const auto out = dir / "out";
    const auto r = pkitool({"csr", "--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-sub1", "--out-dir",
        out.string(), "--pass-file", pw});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err,
        "Wrote " + (out / "cucm-sub1-tomcat.csr").string()
            + " (tomcat, 1 SAN); key: "
              "cucm-sub1-tomcat.key (0600, encrypted)"));
    EXPECT_EQ(mode_of(out / "cucm-sub1-tomcat.key"), 0600U);
    EXPECT_TRUE(contains(test::read_text(out / "cucm-sub1-tomcat.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    const std::string manifest = test::read_text(out / "csr-manifest.json");
    EXPECT_EQ(jq(manifest, ".schema"), "pkitool-csr-manifest/1");
    EXPECT_EQ(jq(manifest, ".requests[0].subject"),
        "C=US, ST=Texas, L=Austin, O=Example Voice, OU=UC, CN=cucm-sub1.example.com");
    EXPECT_EQ(jq(manifest, ".requests[0].subject_alt_names[0]"), "cucm-sub1.example.com");
    EXPECT_EQ(jq(manifest, ".requests[0].key.description"), "RSA 2048");
    // The manifest's key hash is the one inspect computes from the CSR.
    const auto csr = pkitool({"--json", "inspect", (out / "cucm-sub1-tomcat.csr").string()});
    EXPECT_EQ(jq(csr.out, ".files[0].items[0].public_key.spki_sha256"), jq(manifest, ".requests[0].public_key_sha256"));
    // The key decrypts with the password (inspect through Botan).
    const auto key = pkitool({"inspect", "--pass-file", pw, (out / "cucm-sub1-tomcat.key").string()});
    EXPECT_TRUE(contains(key.out, "Key                RSA 2048"));

    // A second run refuses to overwrite and changes nothing; --force replaces.
    const std::string before = test::read_text(out / "cucm-sub1-tomcat.csr");
    const auto again = pkitool({"csr", "--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-sub1", "--out-dir",
        out.string(), "--pass-file", pw});
    EXPECT_EQ(again.exit_code, 5);
    EXPECT_TRUE(contains(again.err, "already exists (use --force to overwrite)"));
    EXPECT_EQ(test::read_text(out / "cucm-sub1-tomcat.csr"), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out), {}), 3);
    const auto forced = pkitool({"csr", "--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-sub1", "--out-dir",
        out.string(), "--pass-file", pw, "--force"});
    EXPECT_EQ(forced.exit_code, 0);
    EXPECT_NE(test::read_text(out / "cucm-sub1-tomcat.csr"), before);
}

TEST(CsrCli, AllRequestsOfTheExampleCluster)
{
    test::TempDir dir;
    const auto r = pkitool({"--json", "csr", "--cluster", k_cluster, "--all", "--out-dir", dir.path().string(),
        "--no-encrypt", "--insecure", "--jobs", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // 3 CUCM and 2 IM and Presence nodes; tomcat is one multi-server request.
    EXPECT_EQ(jq(r.out, ".requests | length"), "33");
    EXPECT_EQ(jq(r.out, "[.requests[] | select(.type == \"CAPF\")] | length"), "1");
    EXPECT_EQ(jq(r.out, "[.requests[] | select(.node == \"cucm-pub-ms\")][0].subject_alt_names | length"), "6");
    EXPECT_EQ(jq(r.out, "[.requests[] | select(.key.encrypted)] | length"), "0");
    EXPECT_TRUE(contains(r.err, "warning: keys are written in the clear"));
    EXPECT_TRUE(contains(test::read_text(dir / "imp-pub-cup.key"), "-----BEGIN PRIVATE KEY-----"));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 67);
    const auto lint = pkitool({"lint", "--type", "cup-xmpp-ECDSA", (dir / "imp-sub1-cup-xmpp-ECDSA.csr").string()});
    EXPECT_EQ(lint.exit_code, 0);
    EXPECT_TRUE(contains(lint.out, "note     profile.rfc5480-conflict"));
}

TEST(CsrCli, WithoutAClusterFile)
{
    test::TempDir dir;
    const auto r = pkitool({"csr", "--type", "cup-xmpp-s2s-ECDSA", "--cn", "im.example.org", "--san", "example.org",
        "--subject", "O=Example,L=Berlin,ST=Berlin,C=DE", "--curve", "P-384", "--out-dir", dir.path().string(),
        "--no-encrypt", "--insecure"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto csr = pkitool({"--json", "inspect", (dir / "im-cup-xmpp-s2s-ECDSA.csr").string()});
    EXPECT_EQ(jq(csr.out, ".files[0].items[0].subject"), "C=DE, ST=Berlin, L=Berlin, O=Example, CN=im.example.org");
    EXPECT_EQ(jq(csr.out, ".files[0].items[0].public_key.curve"), "P-384");
    EXPECT_EQ(jq(csr.out, ".files[0].items[0].signature_algorithm"), "ecdsa-with-SHA384");
    EXPECT_EQ(jq(csr.out, ".files[0].items[0].signature"), "valid");
    EXPECT_EQ(jq(csr.out, "[.files[0].items[0].requested_extensions.subject_alt_names[].value] | join(\",\")"),
        "im.example.org,example.org");
}

TEST(CsrCli, RefusalsComeBeforeAnyWork)
{
    test::TempDir dir;
    const auto out = dir.path().string();
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "csr");
        args.insert(args.end(), {"--out-dir", out});
        return pkitool(args);
    };
    const auto no_password = run({"--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-pub"});
    EXPECT_EQ(no_password.exit_code, 2);
    EXPECT_EQ(no_password.err,
        "pkitool: keys are written encrypted: give --pass-file FILE or --pass-env VAR (or "
        "--no-encrypt --insecure for keys in the clear)\n");
    const auto no_insecure = run({"--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-pub", "--no-encrypt"});
    EXPECT_EQ(no_insecure.exit_code, 2);
    EXPECT_TRUE(contains(no_insecure.err, "--no-encrypt requires --insecure")) << no_insecure.err;
    const auto wildcard = run(
        {"--type", "tomcat", "--cn", "*.example.com", "--subject", "O=X,L=Y,ST=Z,C=US", "--no-encrypt", "--insecure"});
    EXPECT_EQ(wildcard.exit_code, 2);
    EXPECT_EQ(wildcard.err, "pkitool: CN \"*.example.com\" is a wildcard; CUCM supports no wildcard certificates\n");
    const auto weak = run({"--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-pub", "--key-size", "1024",
        "--no-encrypt", "--insecure"});
    EXPECT_EQ(weak.exit_code, 2);
    EXPECT_TRUE(contains(weak.err, "RSA 1024 is breakable; it needs --allow-weak"));
    const auto multi = run({"--cluster", k_cluster, "--type", "TVS", "--multi-server", "--no-encrypt", "--insecure"});
    EXPECT_EQ(multi.exit_code, 2);
    const auto bad_cluster = run({"--cluster", test::data_path("certs/tomcat-leaf.pem"), "--all"});
    EXPECT_EQ(bad_cluster.exit_code, 3);
    EXPECT_TRUE(contains(bad_cluster.err, "tomcat-leaf.pem:1:")) << bad_cluster.err;
    EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "a refused run wrote something";

    const auto allowed = run({"--cluster", k_cluster, "--type", "TVS", "--node", "cucm-pub", "--key-size", "1024",
        "--allow-weak", "--no-encrypt", "--insecure"});
    EXPECT_EQ(allowed.exit_code, 0);
    EXPECT_TRUE(contains(allowed.err, "warning: cucm-pub-TVS: RSA 1024 is weak"));
}

TEST(CsrCli, MalformedTomlIsAnInputErrorNotACrash)
{
    // Found by fuzz_toml: it trips an internal assertion of toml++ 3.3.
    const std::string file = data_path("broken-toml/toml-parser-assertion.toml");
    const auto r = pkitool({"csr", "--cluster", file, "--all", "--no-encrypt", "--insecure"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.err, "pkitool: " + file + ": not valid TOML (the parser stopped at a malformed key or table header)\n");
    // Also found by fuzz_toml: non-ASCII characters reached undefined
    // behaviour in toml++ 3.3; pkitool gives toml++ ASCII only. Each of
    // those files is a clear input error with its line.
    const auto r2 = pkitool({"--profiles-dir", data_path("broken-toml"), "profiles", "list"});
    EXPECT_EQ(r2.exit_code, 3);
    EXPECT_TRUE(contains(r2.err, "broken-toml/toml-non-ascii-after-malformed-value.toml:4: ")) << r2.err;
    const auto r3 = pkitool({"csr", "--cluster", data_path("broken-toml/toml-non-ascii-outside-string.toml"), "--all",
        "--no-encrypt", "--insecure"});
    EXPECT_EQ(r3.exit_code, 3);
    EXPECT_TRUE(contains(r3.err, "non-ASCII character outside a string or comment")) << r3.err;
}

} // namespace
} // namespace pkitool

namespace pkitool {
namespace {

// The CSR workflow as an admin runs it twice into one folder (issue 15).
TEST(CsrWorkflow, OutputsAreCheckedBeforeKeysAndTheManifestGrows)
{
    test::TempDir dir;
    const auto out = dir.path().string();
    const auto pw = dir.write("pw", "key-password\n");
    const auto first = pkitool(
        {"csr", "--cluster", k_cluster, "--type", "tomcat", "--node", "cucm-pub", "--out-dir", out, "--pass-file", pw});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const auto second = pkitool(
        {"csr", "--cluster", k_cluster, "--type", "ipsec", "--node", "cucm-pub", "--out-dir", out, "--pass-file", pw});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const auto manifest = test::read_text((dir / "csr-manifest.json").string());
    EXPECT_EQ(jq(manifest, "[.requests[].csr_file] | join(\",\")"), "cucm-pub-tomcat.csr,cucm-pub-ipsec.csr");

    // --all into the same folder: two of its requests exist, so it is
    // refused before any key is generated, and says no warning first.
    const auto before = std::distance(std::filesystem::directory_iterator(dir.path()), {});
    const auto all = pkitool({"csr", "--cluster", k_cluster, "--all", "--out-dir", out, "--pass-file", pw});
    EXPECT_EQ(all.exit_code, 5);
    EXPECT_EQ(
        all.err, "pkitool: " + (dir / "cucm-pub-ipsec.csr").string() + ": already exists (use --force to overwrite)\n");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), before);
    EXPECT_EQ(test::read_text((dir / "csr-manifest.json").string()), manifest);

    // Again with --force: the manifest keeps one entry per request.
    const auto forced = pkitool({"csr", "--cluster", k_cluster, "--type", "ipsec", "--node", "cucm-pub", "--out-dir",
        out, "--pass-file", pw, "--force"});
    ASSERT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_EQ(jq(test::read_text((dir / "csr-manifest.json").string()), "[.requests[].csr_file] | join(\",\")"),
        "cucm-pub-tomcat.csr,cucm-pub-ipsec.csr");
    // A file of another tool under the manifest's name is not overwritten.
    test::TempDir other;
    other.write("csr-manifest.json", "{\"schema\": \"something-else/1\"}");
    const auto refused = pkitool({"csr", "--cluster", k_cluster, "--type", "ipsec", "--node", "cucm-pub", "--out-dir",
        other.path().string(), "--no-encrypt", "--insecure"});
    EXPECT_EQ(refused.exit_code, 3);
    EXPECT_TRUE(contains(refused.err, "not a pkitool csr manifest")) << refused.err;
}

// Identical warnings are said once, with the requests they concern; they
// come only once nothing refuses the run.
TEST(CsrWorkflow, IdenticalWarningsAreGrouped)
{
    test::TempDir dir;
    const auto r = pkitool({"csr", "--cluster", k_cluster, "--all", "--type", "tomcat-ECDSA", "--out-dir",
        dir.path().string(), "--no-encrypt", "--insecure"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // tomcat-ECDSA on every node: 3 CUCM and 2 IM and Presence nodes.
    EXPECT_TRUE(contains(r.err,
        "warning: 5 requests (cucm-pub-tomcat-ECDSA, cucm-sub1-tomcat-ECDSA and 3 more): the request asks for "
        "keyEncipherment/dataEncipherment"))
        << r.err;
    std::size_t count = 0;
    for (std::size_t pos = 0; (pos = r.err.find("RFC 5480", pos)) != std::string::npos; ++pos) {
        ++count;
    }
    EXPECT_EQ(count, 1U) << r.err;
}

TEST(CsrWorkflow, SubjectEscapesSanPrefixesAndEcdsaNames)
{
    test::TempDir dir;
    const auto out = dir.path().string();
    const auto r = pkitool({"csr", "--type", "tomcat", "--cn", "uc.example.com", "--san", "DNS:uc-alt.example.com",
        "--san", "IP:192.0.2.7", "--subject", "O=Acme\\, Inc.,OU=\"R&D, Voice\",L=K\\C3\\B6ln,ST=NRW,C=DE", "--out-dir",
        out, "--no-encrypt", "--insecure"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "carries IP addresses in its subjectAltName")) << r.err;
    // OpenSSL reads the request as pkitool meant it.
    const auto req = test::run({"openssl", "req", "-in", (dir / "uc-tomcat.csr").string(), "-noout", "-subject",
        "-nameopt", "RFC2253,-esc_msb", "-text"});
    EXPECT_TRUE(contains(req.out, "subject=CN=uc.example.com,OU=R&D\\, Voice,O=Acme\\, Inc.,L=Köln,ST=NRW,C=DE"))
        << req.out;
    EXPECT_TRUE(contains(req.out, "DNS:uc.example.com, DNS:uc-alt.example.com, IP Address:192.0.2.7")) << req.out;
    const auto lint = pkitool({"lint", "--type", "tomcat", (dir / "uc-tomcat.csr").string()});
    EXPECT_TRUE(contains(lint.out, "note     profile.san-ip")) << lint.out;

    // An address is never written as a DNS name; unknown prefixes and
    // broken escapes are refused with the way to say it.
    const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
        {{"--san", "10.0.0.1"}, "--san 10.0.0.1 is an IP address: write IP:10.0.0.1"},
        {{"--san", "email:a@b"}, "\"email:\" is not DNS: or IP:"},
        {{"--san", "IP:10.0.0"}, "is no IPv4 or IPv6 address"},
        {{"--subject", "O=A+B,C=DE"}, "'+' joins attributes into one RDN"},
        {{"--subject", "O=A\\q,C=DE"}, "\\q is no RFC 4514 escape"},
        {{"--subject", "O=\"open,C=DE"}, "a quoted value has no closing"},
    };
    for (const auto& [extra, message] : refused) {
        std::vector<std::string> args
            = {"csr", "--type", "tomcat", "--cn", "x.example.com", "--out-dir", out, "--no-encrypt", "--insecure"};
        args.insert(args.end(), extra.begin(), extra.end());
        if (extra.front() != "--subject") {
            args.insert(args.end(), {"--subject", "O=X,C=US"});
        }
        const auto bad = pkitool(args);
        EXPECT_EQ(bad.exit_code, 2) << extra.back();
        EXPECT_TRUE(contains(bad.err, message)) << bad.err;
    }

    // A single-node -ECDSA request: CN <host>-EC.<domain>, SAN the FQDN;
    // validate's name check accepts that CN for the node.
    const auto ec = pkitool({"--json", "csr", "--cluster", k_cluster, "--type", "tomcat-ECDSA", "--node", "cucm-sub1",
        "--out-dir", out, "--no-encrypt", "--insecure"});
    ASSERT_EQ(ec.exit_code, 0) << ec.err;
    EXPECT_EQ(jq(ec.out, ".requests[0].subject"),
        "C=US, ST=Texas, L=Austin, O=Example Voice, OU=UC, CN=cucm-sub1-EC.example.com");
    EXPECT_EQ(jq(ec.out, ".requests[0].subject_alt_names | join(\",\")"), "cucm-sub1.example.com");
}

// The cluster file chooses what --all makes.
TEST(CsrWorkflow, ClusterFileTypesAndEcdsa)
{
    test::TempDir dir;
    std::string text = test::read_text(k_cluster);
    text.replace(text.find("\n[subject]"), 0, "\ntypes = [\"tomcat\", \"CallManager\", \"cup-xmpp-ECDSA\"]\n");
    const auto with_types = dir.write("types.toml", text);
    const auto r = pkitool({"--json", "csr", "--cluster", with_types, "--all", "--out-dir", (dir / "a").string(),
        "--no-encrypt", "--insecure"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // tomcat multi-server, CallManager on 3 CUCM nodes, cup-xmpp-ECDSA on 2.
    EXPECT_EQ(jq(r.out, "[.requests[].type] | unique | join(\",\")"), "CallManager,cup-xmpp-ECDSA,tomcat");
    EXPECT_EQ(jq(r.out, ".requests | length"), "6");

    std::string no_ec = test::read_text(k_cluster);
    no_ec.replace(no_ec.find("\n[subject]"), 0, "\necdsa = false\n");
    const auto without = dir.write("no-ec.toml", no_ec);
    const auto n = pkitool({"--json", "csr", "--cluster", without, "--all", "--out-dir", (dir / "b").string(),
        "--no-encrypt", "--insecure"});
    ASSERT_EQ(n.exit_code, 0) << n.err;
    EXPECT_EQ(jq(n.out, "[.requests[] | select(.type | endswith(\"-ECDSA\"))] | length"), "0");
    EXPECT_EQ(jq(n.out, ".requests | length"), "19");

    std::string unknown = test::read_text(k_cluster);
    unknown.replace(unknown.find("\n[subject]"), 0, "\ntypes = [\"tomcatt\"]\n");
    const auto u = pkitool({"csr", "--cluster", dir.write("u.toml", unknown), "--all", "--out-dir",
        (dir / "c").string(), "--no-encrypt", "--insecure"});
    EXPECT_EQ(u.exit_code, 2) << u.err;
    EXPECT_TRUE(contains(u.err, "tomcatt")) << u.err;
}

} // namespace
} // namespace pkitool
