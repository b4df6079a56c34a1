// pkitool itl against OpenSSL and a consolidated import set: trust lists are
// written by `pkitool itl create` from scripts/make-bulk-exports scenario
// material (certificates and keys made by OpenSSL, dates pinned), then
//  - cut apart by a few lines here (not by pkitool's parser) and checked
//    with `openssl dgst -verify` and `openssl x509`;
//  - read back and re-serialized byte for byte;
//  - offered to a simulated phone by `pkitool itl check`: each rule of the
//    prediction, and phone migration against consolidate's import stores.
#include "paths.hpp"
#include "process.hpp"

#include "pkitool/itl/itl.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

namespace pkitool {
namespace {

using test::contains;
using test::jq;
using test::pkitool;
using test::run;

const std::string k_at = "2026-01-01T00:00:00Z";

std::string read_binary(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_binary(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::size_t u16(const std::string& b, std::size_t at)
{
    return (std::size_t{static_cast<unsigned char>(b[at])} << 8U) | static_cast<unsigned char>(b[at + 1]);
}

class ItlInterop : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::make_unique<test::TempDir>();
        const auto r = run({std::string(PKITOOL_SOURCE_ROOT) + "/scripts/make-bulk-exports", "scenario", dir()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // 12.x: signed by ITLRecovery; 8.x-11.5: by the TFTP node's CallManager.
        create("itl12.tlv", "east-itl", {"ccm+tftp=east-east-pub-cm", "tvs=east-east-pub-tvs", "capf=east-capf"});
        create("itl11.tlv", "east-east-pub-cm", {"ccm+tftp=east-east-pub-cm", "tvs=east-east-pub-tvs"});
        // CallManager regenerated, TVS kept / regenerated too.
        create("new11-cm.tlv", "east-east-pub-cm-new", {"ccm+tftp=east-east-pub-cm-new", "tvs=east-east-pub-tvs"});
        create(
            "new11-both.tlv", "east-east-pub-cm-new", {"ccm+tftp=east-east-pub-cm-new", "tvs=east-east-pub-tvs-new"});
        create(
            "new12-cm.tlv", "east-itl", {"ccm+tftp=east-east-pub-cm-new", "tvs=east-east-pub-tvs", "capf=east-capf"});
        // The destination clusters of a phone migration.
        create("west12.tlv", "west-itl", {"ccm+tftp=west-west-pub-cm"});
        create("north.tlv", "other-cm", {"ccm+tftp=other-cm"});
    }
    static void TearDownTestSuite() { s_dir.reset(); }

    static std::string dir() { return s_dir->path().string(); }
    static std::string key(const std::string& name) { return dir() + "/keys/" + name; }

    static void create(const std::string& out, const std::string& signer, const std::vector<std::string>& records,
        const std::vector<std::string>& extra = {})
    {
        std::vector<std::string> args = {"itl", "create", "--out", dir() + "/" + out, "--signer", key(signer + ".pem"),
            "--key", key(signer + ".key"), "--timestamp", k_at};
        for (const auto& r : records) {
            args.push_back("--record");
            args.push_back(r.substr(0, r.find('=') + 1) + key(r.substr(r.find('=') + 1) + ".pem"));
        }
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = pkitool(args);
        ASSERT_EQ(r.exit_code, 0) << out << ": " << r.err;
    }

    static test::RunResult check(const std::string& current, const std::vector<std::string>& extra)
    {
        std::vector<std::string> args = {"itl", "check", dir() + "/" + current};
        args.insert(args.end(), extra.begin(), extra.end());
        return pkitool(args);
    }

    static inline std::unique_ptr<test::TempDir> s_dir;
};

TEST_F(ItlInterop, OpenSslVerifiesTheSignatureAndReadsEveryCertificate)
{
    for (const auto& [file, signer, digest, records] :
        std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>>{
            {"itl12.tlv", "east-itl", "-sha512", {"east-itl", "east-east-pub-cm", "east-east-pub-tvs", "east-capf"}},
            {"itl11.tlv", "east-east-pub-cm", "-sha512", {"east-east-pub-cm", "east-east-pub-cm", "east-east-pub-tvs"}},
        }) {
        const auto bytes = read_binary(dir() + "/" + file);
        // The header, field by field: tag, 2-byte length, value; tag 13 is one byte.
        const std::size_t header_length = u16(bytes, 8);
        std::string signature;
        std::string signed_part;
        for (std::size_t pos = 0; pos < header_length;) {
            const auto tag = static_cast<unsigned char>(bytes[pos]);
            if (tag == 13) {
                ++pos;
                continue;
            }
            const bool container = tag == 3 || tag == 7 || tag == 9;
            const std::size_t size = 3 + (container ? 0 : u16(bytes, pos + 1));
            if (tag == 12) {
                signature = bytes.substr(pos + 3, size - 3);
                signed_part = bytes.substr(0, pos) + bytes.substr(pos + size);
            }
            pos += size;
        }
        ASSERT_FALSE(signature.empty()) << file;
        write_binary(dir() + "/signed.bin", signed_part);
        write_binary(dir() + "/signature.bin", signature);
        const auto pub = run({"openssl", "x509", "-in", key(signer + ".pem"), "-pubkey", "-noout"});
        write_binary(dir() + "/pub.pem", pub.out);
        const auto dgst = run({"openssl", "dgst", digest, "-verify", dir() + "/pub.pem", "-signature",
            dir() + "/signature.bin", dir() + "/signed.bin"});
        EXPECT_EQ(dgst.exit_code, 0) << file << ": " << dgst.out << dgst.err;
        EXPECT_TRUE(contains(dgst.out, "Verified OK")) << file << ": " << dgst.out;

        // Each record: RECORDLENGTH, then fields; tag 9 is the certificate.
        std::size_t index = 0;
        for (std::size_t pos = header_length; pos < bytes.size(); ++index) {
            const std::size_t end = pos + u16(bytes, pos + 3);
            for (std::size_t f = pos + 5; f < end; f += 3 + u16(bytes, f + 1)) {
                if (bytes[f] == 9) {
                    write_binary(dir() + "/record.der", bytes.substr(f + 3, u16(bytes, f + 1)));
                    const auto theirs = run({"openssl", "x509", "-inform", "DER", "-in", dir() + "/record.der",
                        "-noout", "-fingerprint", "-sha256"});
                    const auto source = run({"openssl", "x509", "-in", key(records.at(index) + ".pem"), "-noout",
                        "-fingerprint", "-sha256"});
                    EXPECT_EQ(theirs.exit_code, 0) << file << " record " << index << theirs.err;
                    EXPECT_EQ(theirs.out, source.out) << file << " record " << index;
                }
            }
            pos = end;
        }
        EXPECT_EQ(index, records.size()) << file;
        // Read back and written again: the very same bytes.
        const itl::Bytes raw(bytes.begin(), bytes.end());
        EXPECT_EQ(itl::serialize(itl::parse(raw)), raw) << file;
    }
}

TEST_F(ItlInterop, OpenSslAgreesTheVectorsSignatureVerifies)
{
    const auto bytes = read_binary(test::data_path("itl/usecallmanager-ITLFile.tlv"));
    // SIGNATURE at 107 (256 bytes); the SAST record's certificate at 1001.
    write_binary(dir() + "/v-signed.bin", bytes.substr(0, 107) + bytes.substr(107 + 259));
    write_binary(dir() + "/v-signature.bin", bytes.substr(110, 256));
    write_binary(dir() + "/v-sast.der", bytes.substr(1004, u16(bytes, 1002)));
    const auto pub = run({"openssl", "x509", "-inform", "DER", "-in", dir() + "/v-sast.der", "-pubkey", "-noout"});
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    write_binary(dir() + "/v-pub.pem", pub.out);
    const auto dgst = run({"openssl", "dgst", "-sha1", "-verify", dir() + "/v-pub.pem", "-signature",
        dir() + "/v-signature.bin", dir() + "/v-signed.bin"});
    EXPECT_TRUE(contains(dgst.out, "Verified OK")) << dgst.out << dgst.err;
}

TEST_F(ItlInterop, CreatedFilesVerifyAndNameTheirGeneration)
{
    const auto v12
        = pkitool({"--json", "itl", "verify", dir() + "/itl12.tlv", "--at", k_at, "--trust", key("east-itl.pem")});
    EXPECT_EQ(v12.exit_code, 0) << v12.out << v12.err;
    EXPECT_EQ(jq(v12.out, ".generation"), "CUCM 12.0 or later: signed by the ITLRecovery certificate");
    EXPECT_EQ(jq(v12.out, ".counts.errors"), "0");
    const auto v11 = pkitool({"--json", "itl", "verify", dir() + "/itl11.tlv", "--at", k_at});
    EXPECT_EQ(v11.exit_code, 0) << v11.out;
    EXPECT_EQ(jq(v11.out, ".generation"), "CUCM 8.x to 11.5: signed by the TFTP node's CallManager certificate");
    // Not the signer: --trust fails.
    const auto wrong = pkitool({"itl", "verify", dir() + "/itl11.tlv", "--at", k_at, "--trust", key("east-itl.pem")});
    EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
    // A CTL: its file name and kind.
    create("ctl.tlv", "east-itl", {"ccm+tftp=east-east-pub-cm", "capf=east-capf"}, {"--ctl"});
    const auto ctl = pkitool({"itl", "show", "--cli", dir() + "/ctl.tlv"});
    EXPECT_TRUE(contains(ctl.out, "\tCTL Record #:3\n")) << ctl.out;
    EXPECT_TRUE(contains(ctl.out, "The CTL file was verified successfully.")) << ctl.out;
}

TEST_F(ItlInterop, CreateRefusesWeakChoicesAndNeverOverwrites)
{
    const auto base
        = std::vector<std::string>{"itl", "create", "--signer", key("east-itl.pem"), "--key", key("east-itl.key")};
    auto args = base;
    args.insert(args.end(), {"--out", dir() + "/weak.tlv", "--digest", "sha1"});
    const auto sha1 = pkitool(args);
    EXPECT_EQ(sha1.exit_code, 2) << sha1.err;
    EXPECT_TRUE(contains(sha1.err, "--allow-weak")) << sha1.err;
    EXPECT_FALSE(std::filesystem::exists(dir() + "/weak.tlv"));
    args.push_back("--allow-weak");
    EXPECT_EQ(pkitool(args).exit_code, 0);
    EXPECT_EQ(pkitool(args).exit_code, 5) << "an existing file is refused";
    const auto small = pkitool({"itl", "create", "--out", dir() + "/small.tlv", "--signer", key("east-itl-1024.pem"),
        "--key", key("east-itl-1024.key")});
    EXPECT_EQ(small.exit_code, 2);
    EXPECT_TRUE(contains(small.err, "RSA 1024")) << small.err;
    const auto mismatch = pkitool({"itl", "create", "--out", dir() + "/mismatch.tlv", "--signer", key("east-itl.pem"),
        "--key", key("west-itl.key")});
    EXPECT_EQ(mismatch.exit_code, 2);
    EXPECT_TRUE(contains(mismatch.err, "--key is not the key of --signer")) << mismatch.err;
}

TEST_F(ItlInterop, CheckPlansFollowEachVersionsSigner)
{
    // 8.x-11.5: CallManager and TVS together lose the phones.
    const auto both = check("itl11.tlv", {"--regenerate", "CallManager,TVS@east-pub", "--cucm-version", "11.5"});
    EXPECT_EQ(both.exit_code, 1) << both.out;
    EXPECT_TRUE(contains(both.out, "the ITL signer (CallManager) and every TVS change together")) << both.out;
    EXPECT_TRUE(contains(both.out, "Recovery: ")) << both.out;
    // CallManager alone: TVS vouches.
    const auto cm = check("itl11.tlv", {"--regenerate", "CallManager@east-pub", "--cucm-version", "11.5", "--json"});
    EXPECT_EQ(cm.exit_code, 0) << cm.out;
    EXPECT_EQ(jq(cm.out, ".acceptance"), "through-tvs");
    // 12.x: ITLRecovery signs, so CallManager alone is accepted directly.
    const auto modern = check("itl12.tlv", {"--json", "--regenerate", "CallManager", "--cucm-version", "12.5"});
    EXPECT_EQ(modern.exit_code, 0) << modern.out;
    EXPECT_EQ(jq(modern.out, ".acceptance"), "direct");
    // The version is inferred from the signer when not given.
    EXPECT_EQ(jq(check("itl12.tlv", {"--json", "--regenerate", "TVS"}).out, ".cucm_version"), "12.5");
    // ITLRecovery and TVS together on 12.x: lost, but utils itl reset helps.
    const auto recovery = check("itl12.tlv", {"--regenerate", "ITLRecovery,TVS", "--cucm-version", "14"});
    EXPECT_EQ(recovery.exit_code, 1) << recovery.out;
    EXPECT_TRUE(contains(recovery.out, "utils itl reset localkey")) << recovery.out;
}

TEST_F(ItlInterop, CheckNewFilesDirectlyThroughTvsOrNot)
{
    const auto direct = check("itl12.tlv", {"--json", "--new", dir() + "/new12-cm.tlv"});
    EXPECT_EQ(direct.exit_code, 0) << direct.out;
    EXPECT_EQ(jq(direct.out, ".acceptance"), "direct");
    const auto tvs = check("itl11.tlv", {"--json", "--new", dir() + "/new11-cm.tlv"});
    EXPECT_EQ(tvs.exit_code, 0) << tvs.out;
    EXPECT_EQ(jq(tvs.out, ".acceptance"), "through-tvs");
    const auto lost = check("itl11.tlv", {"--new", dir() + "/new11-both.tlv"});
    EXPECT_EQ(lost.exit_code, 1) << lost.out;
    EXPECT_TRUE(contains(lost.out, "NEW lists another certificate for it")) << lost.out;
    const auto diff = pkitool({"--json", "itl", "diff", dir() + "/itl11.tlv", dir() + "/new11-both.tlv"});
    EXPECT_EQ(diff.exit_code, 1);
    EXPECT_EQ(jq(diff.out, ".signer_changed"), "true");
    EXPECT_EQ(
        jq(diff.out, "[.entries[] | select(.kind == \"changed\") | .new.function] | join(\",\")"), "SAST,CCM+TFTP,TVS");
}

TEST_F(ItlInterop, MigrationNeedsTheDestinationSignerInTheSourceImport)
{
    const auto out = dir() + "/set";
    const auto c = pkitool({"consolidate", "--out", out, "--pass-file", dir() + "/passwords.txt", "--out-pass-file",
        dir() + "/set-password.txt", "--at", k_at, dir() + "/exports"});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    const std::vector<std::string> stores = {"--tvs-trust", out + "/import/east/CallManager-trust.pem", "--tvs-trust",
        out + "/import/east/Phone-SAST-trust.pem"};
    // west's export was consolidated: east's TVS trusts west's ITLRecovery.
    auto args = std::vector<std::string>{"--json", "--new", dir() + "/west12.tlv"};
    args.insert(args.end(), stores.begin(), stores.end());
    const auto pass = check("itl12.tlv", args);
    EXPECT_EQ(pass.exit_code, 0) << pass.out;
    EXPECT_EQ(jq(pass.out, ".acceptance"), "through-tvs");
    // north's export was not (its password was not given): lost.
    args[2] = dir() + "/north.tlv";
    const auto fail = check("itl12.tlv", args);
    EXPECT_EQ(fail.exit_code, 1) << fail.out;
    EXPECT_TRUE(contains(jq(fail.out, ".recovery"), "import NEW's signer")) << fail.out;
    // Without the stores nothing says east's TVS trusts west.
    EXPECT_EQ(check("itl12.tlv", {"--new", dir() + "/west12.tlv"}).exit_code, 1);
}

TEST_F(ItlInterop, WeakItlRecoveryIsAHazard)
{
    // A current ITL whose only ITLRecovery record is the 1024-bit one.
    create("itl12-weak.tlv", "east-itl-1024", {"ccm+tftp=east-east-pub-cm", "tvs=east-east-pub-tvs"}, {"--allow-weak"});
    const auto r = check("itl12-weak.tlv", {"--json", "--regenerate", "CallManager", "--cucm-version", "12.5"});
    EXPECT_EQ(jq(r.out, "[.findings[].rule] | join(\",\")"), "itl.recovery-key-weak") << r.out;
}

} // namespace
} // namespace pkitool
