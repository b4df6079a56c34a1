// What a careful admin trips over (issue 15): secrets on the command line,
// password files, one exit-code table, --version and help, standard output
// as an output, and a JSON document with a schema from every command.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;
using test::jq;
using test::pkitool;

const std::string k_pass = data_path("keys/password.txt");
const std::string k_p12 = data_path("pkcs12/openssl3-default.p12");
const std::string k_chain = data_path("certs/chain.pem");
const std::string k_encrypted_key = data_path("keys/rsa-pkcs8-encrypted.pem");

// What a user may type by mistake: the secret must appear nowhere.
TEST(AdminCli, APasswordOnTheCommandLineIsNeverRepeated)
{
    const std::string secret = "S3cret!pw";
    const std::vector<std::vector<std::string>> attempts = {
        {"p12", "show", k_p12, "--password", secret},
        {"p12", "show", k_p12, "--password=" + secret},
        {"p12", "show", "--passin", "pass:" + secret, k_p12},
        {"inspect", k_chain, "-p", secret},
        {"validate", k_chain, "--key-password", secret},
        {"consolidate", k_p12, "--out", "x", "--storepass", secret},
        {"p12", "show", k_p12, "--pass-env", secret},
        {"p12", "show", k_p12, secret},
        {"--json", "p12", "show", k_p12, "--password", secret},
    };
    for (const auto& args : attempts) {
        const auto r = pkitool(args);
        SCOPED_TRACE(args[2]);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_FALSE(contains(r.out, "S3cret")) << r.out;
        EXPECT_FALSE(contains(r.err, "S3cret")) << r.err;
    }
    const auto r = pkitool({"p12", "show", k_p12, "--password", secret});
    EXPECT_TRUE(contains(r.err, "--pass-file FILE")) << r.err;
    EXPECT_TRUE(contains(r.err, "--pass-env VAR")) << r.err;
    const auto env = pkitool({"p12", "show", k_p12, "--pass-env", "P12pass!"});
    EXPECT_TRUE(contains(env.err, "--pass-env takes the name of an environment variable")) << env.err;
    EXPECT_FALSE(contains(env.err, "P12pass!")) << env.err;
}

// A CR before LF and a UTF-8 byte order mark are not part of the password,
// and each is said in a warning naming the peer that keeps it.
TEST(AdminCli, PasswordFilesWithCrLfOrABomOpenWithAWarning)
{
    test::TempDir dir;
    const auto crlf = dir.write("crlf", "test-password\r\n");
    const auto r = pkitool({"p12", "show", "--pass-file", crlf, k_p12});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.err, "line 1 ends in CR LF")) << r.err;
    EXPECT_TRUE(contains(r.err, "OpenSSL's -passin file: would keep it")) << r.err;

    const auto bom = dir.write("bom", "\xEF\xBB\xBFtest-password\n");
    const auto b = pkitool({"p12", "show", "--pass-file", bom, k_p12});
    EXPECT_EQ(b.exit_code, 0) << b.err;
    EXPECT_TRUE(contains(b.err, "starts with a UTF-8 byte order mark")) << b.err;

    const auto clean = pkitool({"p12", "show", "--pass-file", k_pass, k_p12});
    EXPECT_EQ(clean.exit_code, 0) << clean.err;
    EXPECT_FALSE(contains(clean.err, "warning")) << clean.err;

    // The same files as OpenSSL reads them: the CR and the BOM stay part of
    // the password, so OpenSSL's MAC check fails where pkitool's succeeds.
    for (const auto& file : {crlf, bom}) {
        const auto o = test::run({"openssl", "pkcs12", "-in", k_p12, "-passin", "file:" + file, "-noout"});
        EXPECT_NE(o.exit_code, 0) << file;
    }
}

struct ExitCase {
    std::vector<std::string> args;
    int exit_code;
};

// The table of the man page (EXIT STATUS, by command): a password that is
// needed and not given is 2 everywhere, a wrong one 4, unreadable input 3.
TEST(AdminCli, ExitCodesFollowOneDocumentedTable)
{
    test::TempDir dir;
    const auto wrong = dir.write("wrong", "nope\n");
    const auto garbage = dir.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const auto existing = dir.write("exists.p12", "x");
    const std::string out = (dir / "out.p12").string();
    const std::vector<ExitCase> cases = {
        // no password given
        {{"inspect", k_p12}, 2},
        {{"p12", "show", k_p12}, 2},
        {{"p12", "export", k_p12, "--certs", (dir / "c.pem").string()}, 2},
        {{"lint", k_p12}, 2},
        {{"validate", k_p12}, 2},
        {{"validate", k_chain, "--key", k_encrypted_key}, 2},
        {{"p12", "create", "--cert", k_chain, "--key", k_encrypted_key, "--out", out, "--out-pass-file", k_pass}, 2},
        {{"p12", "create", "--cert", k_chain, "--out", out}, 2},
        {{"consolidate", k_p12, "--out", (dir / "set").string(), "--out-pass-file", k_pass}, 2},
        {{"csr", "--type", "tomcat", "--cn", "cucm-pub.example.com", "--subject", "O=Example,C=US", "--out-dir",
             (dir / "csr").string()},
            2},
        {{"itl", "create", "--out", (dir / "ITLFile.tlv").string(), "--signer", data_path("pki/root-ca.pem"), "--key",
             k_encrypted_key, "--record", "sast=" + k_chain},
            2},
        // a wrong password
        {{"inspect", "--pass-file", wrong, k_p12}, 4},
        {{"p12", "show", "--pass-file", wrong, k_p12}, 4},
        {{"lint", "--pass-file", wrong, k_p12}, 4},
        {{"validate", "--pass-file", wrong, k_p12}, 4},
        {{"consolidate", k_p12, "--pass-file", wrong, "--out", (dir / "set").string(), "--out-pass-file", k_pass}, 4},
        // unreadable input
        {{"inspect", garbage}, 3},
        {{"lint", garbage}, 3},
        {{"validate", garbage}, 3},
        {{"itl", "show", garbage}, 3},
        {{"itl", "verify", garbage}, 3},
        // the worst failure wins: a wrong password over a missing one
        {{"inspect", "--pass-file", wrong, k_p12, garbage}, 4},
        // outputs that exist
        {{"p12", "create", "--cert", k_chain, "--out", existing, "--out-pass-file", k_pass}, 5},
        {{"p12", "export", k_p12, "--pass-file", k_pass, "--certs", existing}, 5},
        // usage
        {{"lint"}, 2},
        {{"frobnicate"}, 2},
        {{"inspect", k_chain, "--version"}, 2},
    };
    for (const auto& c : cases) {
        std::string line;
        for (const auto& a : c.args) {
            line += a + " ";
        }
        const auto r = pkitool(c.args);
        EXPECT_EQ(r.exit_code, c.exit_code) << line << "\n" << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_FALSE(std::filesystem::exists(dir / "set"));
    EXPECT_FALSE(std::filesystem::exists(dir / "csr"));
}

TEST(AdminCli, VersionOnlyBeforeACommandAndHelpForEach)
{
    const auto version = pkitool({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_TRUE(contains(version.out, "pkitool ")) << version.out;
    const auto typo = pkitool({"renew-anything", "--types", "x", "--version", "11.5"});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_FALSE(contains(typo.out, "pkitool 0.")) << typo.out;
    EXPECT_TRUE(contains(typo.err, "unknown command 'renew-anything'")) << typo.err;

    const auto near = pkitool({"insepct", "x.pem"});
    EXPECT_EQ(near.exit_code, 2);
    EXPECT_TRUE(contains(near.err, "did you mean 'inspect'?")) << near.err;
    const auto option = pkitool({"inspect", "--pas-file", "pw", "x.pem"});
    EXPECT_EQ(option.exit_code, 2);
    EXPECT_TRUE(contains(option.err, "--pass-file")) << option.err;

    const auto help = pkitool({"help"});
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_TRUE(contains(help.out, "Examples:")) << help.out;
    for (const char* command : {"inspect", "lint", "profiles", "csr", "validate", "p12", "consolidate", "itl"}) {
        const auto r = pkitool({"help", command});
        EXPECT_EQ(r.exit_code, 0) << command << r.err;
        EXPECT_EQ(r.out, pkitool({command, "--help"}).out) << command;
    }
    EXPECT_EQ(pkitool({"help", "nope"}).exit_code, 2);
}

// "-" is standard output; a missing folder is created the same way by
// every writer.
TEST(AdminCli, DashIsStandardOutputAndMissingFoldersAreCreated)
{
    test::TempDir dir;
    const auto certs = pkitool({"p12", "export", k_p12, "--pass-file", k_pass, "--certs", "-"});
    EXPECT_EQ(certs.exit_code, 0) << certs.err;
    EXPECT_TRUE(certs.out.starts_with("-----BEGIN CERTIFICATE-----")) << certs.out;
    EXPECT_FALSE(std::filesystem::exists("-"));
    EXPECT_FALSE(contains(certs.err, "Wrote -")) << certs.err;

    const auto p12 = pkitool({"p12", "create", "--cert", k_chain, "--out", "-", "--out-pass-file", k_pass});
    EXPECT_EQ(p12.exit_code, 0) << p12.err;
    const auto back = test::run({"openssl", "pkcs12", "-passin", "file:" + k_pass, "-nokeys"}, p12.out);
    EXPECT_EQ(back.exit_code, 0) << back.err;
    EXPECT_TRUE(contains(back.out, "BEGIN CERTIFICATE")) << back.out;

    // consolidate's archive as a stream: the folder is written, the tar.gz
    // goes to standard output (the summary stays on stderr).
    const auto set = pkitool({"consolidate", k_p12, "--pass-file", k_pass, "--out-pass-file", k_pass, "--out",
        (dir / "set").string(), "--archive", "-", "--at", "2026-06-01"});
    EXPECT_EQ(set.exit_code, 1) << set.err; // a lone cluster needs attention
    EXPECT_TRUE(std::filesystem::exists(dir / "set" / "manifest.json"));
    const auto listed = test::run({"tar", "tzf", "-"}, set.out);
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out, "manifest.json\n");

    const auto json = pkitool({"--json", "p12", "export", k_p12, "--pass-file", k_pass, "--certs", "-"});
    EXPECT_EQ(json.exit_code, 2);
    EXPECT_EQ(jq(json.out, ".schema"), "pkitool-error/1");

    const auto deep = (dir / "a" / "b" / "c.pem").string();
    const auto made = pkitool({"p12", "export", k_p12, "--pass-file", k_pass, "--certs", deep});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    EXPECT_TRUE(contains(test::read_text(deep), "BEGIN CERTIFICATE"));
    const auto deep_p12 = (dir / "x" / "y" / "set.p12").string();
    EXPECT_EQ(pkitool({"p12", "create", "--cert", k_chain, "--out", deep_p12, "--out-pass-file", k_pass}).exit_code, 0);
    EXPECT_TRUE(std::filesystem::exists(deep_p12));

    const auto blocker = dir.write("file", "x");
    const auto refused
        = pkitool({"p12", "export", k_p12, "--pass-file", k_pass, "--certs", (dir / "file" / "c.pem").string()});
    EXPECT_EQ(refused.exit_code, 5);
    EXPECT_TRUE(contains(refused.err, (dir / "file").string() + ": cannot create the folder")) << refused.err;
}

// Every command's --json output (and every error's) is one document with a
// schema, and the keys its schema documents.
TEST(AdminCli, EveryJsonDocumentHasItsSchema)
{
    test::TempDir dir;
    struct Case {
        std::vector<std::string> args;
        std::string schema;
        std::string keys; // the document's top-level keys (the man page's JSON DOCUMENTS), sorted
    };
    const std::string vector_itl = data_path("itl/usecallmanager-ITLFile.tlv");
    const std::string created_itl = data_path("itl/created-ITLFile.tlv");
    const std::vector<Case> cases = {
        {{"profiles", "list"}, "pkitool-profiles/1", "profiles,schema"},
        {{"profiles", "show", "tomcat"}, "pkitool-profile/1",
            "bulk_import_stores,csr,description,extended_key_usage,id,key_algorithm,key_usage,key_usage_critical,"
            "multi_server,multi_server_nodes,multi_server_suffix,phones_reset,product,restart,schema,source,trust_"
            "store,"
            "type"},
        {{"inspect", k_chain}, "pkitool-inspect/2", "files,schema"},
        {{"p12", "show", "--pass-file", k_pass, k_p12}, "pkitool-inspect/2", "files,schema"},
        {{"lint", "--at", "2026-06-01", k_chain}, "pkitool-lint/2",
            "at,certificates,counts,errors,keys,ok,requests,schema"},
        {{"lint", "--list-rules"}, "pkitool-lint-rules/1", "rules,schema"},
        {{"validate", "--at", "2026-06-01", k_chain}, "pkitool-validate/2",
            "at,certificates,counts,errors,findings,ok,plan,schema"},
        {{"csr", "--type", "tomcat", "--cn", "cucm-pub.example.com", "--subject", "O=Example,C=US", "--out-dir",
             (dir / "csr").string(), "--no-encrypt", "--insecure"},
            "pkitool-csr-manifest/1", "requests,schema"},
        {{"p12", "export", k_p12, "--pass-file", k_pass, "--certs", (dir / "c.pem").string()}, "pkitool-written/1",
            "command,files,schema"},
        {{"p12", "create", "--cert", k_chain, "--out", (dir / "x.p12").string(), "--out-pass-file", k_pass},
            "pkitool-written/1", "command,files,schema"},
        {{"itl", "show", vector_itl}, "pkitool-itl/1", "errors,files,schema"},
        {{"itl", "verify", "--at", "2026-06-01", vector_itl}, "pkitool-itl-verify/1",
            "at,counts,file,findings,generation,kind,ok,schema,signature_valid,signer"},
        {{"itl", "diff", vector_itl, created_itl}, "pkitool-itl-diff/1",
            "entries,header_changes,new,new_signer,old,old_signer,schema,signer_changed,unchanged"},
        {{"itl", "check", vector_itl, "--new", created_itl}, "pkitool-itl-check/1",
            "acceptance,accepted,cucm_version,current,findings,new,new_signer,recovery,schema,steps,version_inferred"},
        {{"itl", "create", "--out", (dir / "ITLFile.tlv").string(), "--signer", data_path("pki/root-ca.pem"), "--key",
             data_path("pki/root-ca.key"), "--record", "sast=" + data_path("pki/root-ca.pem"), "--timestamp",
             "2026-06-01"},
            "pkitool-written/1", "command,files,schema"},
        {{"report", "--at", "2026-06-01", k_chain}, "pkitool-report/1",
            "at,certificates,clusters,counts,files,schema,warn_days,warnings"},
        {{"validate", (dir / "missing.pem").string()}, "pkitool-error/1", "command,error,schema"},
        {{"frobnicate"}, "pkitool-error/1", "command,error,schema"},
    };
    for (const auto& c : cases) {
        auto args = c.args;
        args.insert(args.begin(), "--json");
        const auto r = pkitool(args);
        SCOPED_TRACE(c.args.front() + " " + c.args.back());
        EXPECT_LT(r.exit_code, 2 + (c.schema == "pkitool-error/1" ? 2 : 0)) << r.err;
        EXPECT_EQ(jq(r.out, ".schema"), c.schema) << r.out;
        EXPECT_EQ(jq(r.out, "keys | join(\",\")"), c.keys);
        // Fingerprints and digests: lowercase hex without separators.
        EXPECT_EQ(jq(r.out,
                      "[.. | objects | to_entries[] | select(.key | test(\"fingerprint|sha1$|sha256$|md5$\"))"
                      " | .value | strings | select(test(\"^[0-9a-f]+$\") | not)] | length"),
            "0")
            << r.out;
    }
}

} // namespace
} // namespace pkitool
