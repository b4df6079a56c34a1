// pkitool itl as a user runs it on the third-party vector, and the
// broken-file table: copies of the vector patched in memory, each refused
// with exit 3 and a message that says what was expected where.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;
using test::jq;
using test::pkitool;

const std::string k_vector = data_path("itl/usecallmanager-ITLFile.tlv");

std::string vector_text()
{
    std::ifstream in(k_vector, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t count(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

TEST(ItlCli, VerifyNamesTheVectorsSigner)
{
    const auto r = pkitool({"itl", "verify", k_vector, "--at", "2026-06-01"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "Signer             CN=SAST,O=SAST,OU=SAST (record #1)")) << r.out;
    EXPECT_TRUE(contains(r.out, "Signature          verifies (SHA-1 with RSA)")) << r.out;
    EXPECT_TRUE(contains(r.out, "itl.weak-digest")) << r.out;
    const auto json = pkitool({"--json", "itl", "verify", k_vector, "--at", "2026-06-01"});
    EXPECT_EQ(jq(json.out, ".signer.subject"), "CN=SAST,O=SAST,OU=SAST");
    EXPECT_EQ(jq(json.out, ".signature_valid"), "true");
    EXPECT_EQ(jq(json.out, ".schema"), "pkitool-itl-verify/1");
    // Expired everywhere in 2046: a check failed.
    EXPECT_EQ(pkitool({"itl", "verify", k_vector, "--at", "2046-01-01"}).exit_code, 1);
    // --trust: the signer is not that certificate.
    const auto trusted
        = pkitool({"itl", "verify", k_vector, "--at", "2026-06-01", "--trust", data_path("certs/ec-leaf.pem")});
    EXPECT_EQ(trusted.exit_code, 1) << trusted.out;
    EXPECT_TRUE(contains(trusted.out, "itl.signer-not-trusted")) << trusted.out;
}

TEST(ItlCli, ShowCliPrintsWhatCucmPrints)
{
    const auto r = pkitool({"itl", "show", "--cli", k_vector});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(count(r.out, "\tITL Record #:"), 5U) << r.out;
    EXPECT_TRUE(
        contains(r.out, "dbf86422cbab7859f3b850c2375814f7(MD5)\n01e2cb144975e4b33c9af6ad75712c07a3b19cc7(SHA1)\n"));
    EXPECT_TRUE(contains(r.out, "Length of ITL file: 10370\n"));
    EXPECT_TRUE(contains(r.out, "\tVersion:\t1.2\n\tHeaderLength:\t388 (BYTES)\n"));
    EXPECT_TRUE(contains(r.out, "\t3\tSIGNERID\t2\t71\n\t4\tSIGNERNAME\t23\tCN=SAST,O=SAST,OU=SAST\n"));
    EXPECT_TRUE(
        contains(r.out, "\t8\tDIGESTALGORTITHM\t1\n\t9\tSIGNATUREALGOINFO\t2\t8\n\t10\tSIGNATUREALGORTITHM\t1\n"));
    EXPECT_TRUE(contains(r.out, "\t1\tRECORDLENGTH\t2\t1484\n"));
    EXPECT_TRUE(contains(r.out, "\t4\tFUNCTION\t2\tSystem Administrator Security Token\n"));
    EXPECT_TRUE(contains(
        r.out, "\t9\tCERTIFICATE\t868\t27 7B 36 21 55 2A 59 34 56 A6 3D 59 56 45 F4 F0 90 A3 5D 9C (SHA1 Hash HEX)\n"));
    EXPECT_EQ(count(r.out, "This etoken was used to sign the ITL file."), 1U);
    EXPECT_TRUE(r.out.ends_with("The ITL file was verified successfully.\n")) << r.out;
}

TEST(ItlCli, ShowListsRecordsAsTextAndJson)
{
    const auto r = pkitool({"itl", "show", k_vector});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "#4 APP-SERVER  C=US,O=Internet Security Research Group,CN=ISRG Root X1")) << r.out;
    EXPECT_TRUE(contains(r.out, "SHA-1     cabd2a79a1076a31f21d253635cb039d4329a5e8")) << r.out;
    const auto json = pkitool({"--json", "itl", "show", k_vector});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(jq(json.out, ".schema"), "pkitool-itl/1");
    EXPECT_EQ(jq(json.out, ".files[0].records | length"), "5");
    EXPECT_EQ(jq(json.out, ".files[0].signature.valid"), "true");
    EXPECT_EQ(jq(json.out, ".files[0].signer.record"), "1");
    EXPECT_EQ(jq(json.out, ".files[0].signer_version"), "1.0");
    EXPECT_EQ(jq(json.out, "[.files[0].records[].function] | join(\",\")"), "SAST,CCM,CCM,APP-SERVER,APP-SERVER");
    EXPECT_EQ(jq(json.out, ".files[0].records[3].certificate.sha256"),
        "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6");
}

TEST(ItlCli, DiffOfAFileWithItselfIsEmpty)
{
    const auto r = pkitool({"itl", "diff", k_vector, k_vector});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "0 differences, 5 unchanged records")) << r.out;
}

TEST(ItlCli, InspectPointsToItlShow)
{
    const auto r = pkitool({"inspect", k_vector});
    EXPECT_TRUE(contains(r.out + r.err, "pkitool itl show")) << r.out << r.err;
}

struct Broken {
    const char* name;
    std::function<void(std::string&)> patch;
    const char* fragment;
    bool show_refuses; // the structure itself cannot be followed
};

TEST(ItlCli, BrokenFilesExitThreeWithWhatWasExpectedWhere)
{
    const std::vector<Broken> table = {
        {"truncated-header", [](std::string& b) { b.resize(200); },
            "truncated header: HEADERLENGTH (offset 5) says 388 bytes, but the file has 200", true},
        {"record-past-end",
            [](std::string& b) {
                b[7827] = 0x0A;
                b[7828] = 0x28;
            },
            "offset 7824: record #5: RECORDLENGTH says 2600 bytes, which run to offset 10424, past the end of the file "
            "at 10370",
            true},
        {"container-disagrees", [](std::string& b) { b[17] = 70; },
            "offset 70: SERIALNUMBER says 16 bytes, which run to offset 89, past the end of SIGNERID (70 bytes) at "
            "offset 88",
            true},
        {"no-signature", [](std::string& b) { b[107] = 99; }, "has no SIGNATURE (tag 12)", true},
        {"absent-signer", [](std::string& b) { b[73] = 0; },
            "the signature is by a record that is not there: the header names serial 00:A5:DE", false},
        {"unknown-digest", [](std::string& b) { b[95] = 9; }, "DIGESTALGORTITHM (tag 8) is 9", false},
        {"empty", [](std::string& b) { b.clear(); }, "not an ITL or CTL file", true},
        {"garbage", [](std::string& b) { b = "-----BEGIN CERTIFICATE-----\n"; }, "not an ITL or CTL file", true},
    };
    test::TempDir tmp;
    for (const auto& row : table) {
        auto bytes = vector_text();
        row.patch(bytes);
        const auto path = tmp.write(std::string(row.name) + ".tlv", bytes);
        const auto verify = pkitool({"itl", "verify", path});
        EXPECT_EQ(verify.exit_code, 3) << row.name << ": " << verify.out << verify.err;
        EXPECT_TRUE(contains(verify.err, row.fragment)) << row.name << ": " << verify.err;
        EXPECT_TRUE(contains(verify.err, path)) << row.name << " is not named: " << verify.err;
        const auto show = pkitool({"itl", "show", path});
        EXPECT_EQ(show.exit_code, row.show_refuses ? 3 : 0) << row.name << ": " << show.err;
        if (!row.show_refuses) {
            EXPECT_TRUE(contains(show.out, "cannot be verified")) << row.name << ": " << show.out;
        }
    }
}

} // namespace
} // namespace pkitool
