// Shell completion as a shell runs it: the bash script sourced in
// `bash --norc` (so without the bash-completion package, whose helpers it
// must not need) and the zsh script in `zsh -f` with compadd and _files
// replaced by functions that print what they were given. Both read the
// commands and options from the built binary's --help.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace pkitool {
namespace {

using test::contains;
using test::data_path;

const std::string k_cluster = data_path("../../profiles/examples/cluster.toml");

// The words offered for a command line whose last word is being completed.
// With `package`, Debian's bash-completion (scripts/setup installs it) is
// loaded first, so that the script uses its _init_completion and _filedir.
std::string bash_complete(const std::vector<std::string>& line, bool package = false)
{
    std::ostringstream script;
    if (package) {
        script << "source /usr/share/bash-completion/bash_completion\n";
    }
    script << "source '" << data_path("../../src/cli/pkitool.bash-completion") << "'\n"
           << "COMP_WORDS=('" << test::pkitool_binary() << "'";
    for (const auto& w : line) {
        script << " '" << w << "'";
    }
    // What bash sets for a completion function: the words, the index of the
    // one completed, the whole line and the cursor (at its end).
    script << ")\nCOMP_CWORD=" << line.size() << "\nCOMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
           << "_pkitool\nprintf '%s\\n' \"${COMPREPLY[*]}\"\n";
    const auto r = test::run({"bash", "--norc", "--noprofile", "-c", script.str()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r.out;
}

std::string zsh_complete(const std::vector<std::string>& line)
{
    std::ostringstream script;
    // compadd and compset as zsh's completion system runs them: a match
    // keeps the prefix compset moved to IPREFIX.
    script
        << "compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break; }; [[ $1 == -S ]] && shift; "
           "shift; done; local m; for m in ${(M)@:#${PREFIX}*}; do reply+=(\"${IPREFIX}$m\"); done; }\n"
        << "compset() { if [[ $1 == -P ]]; then local p=${(M)PREFIX##${~2}}; IPREFIX+=$p; PREFIX=${PREFIX#$p}; fi; }\n"
        << "_files() { reply+=('<files>'); }\n"
        << "_parameters() { reply+=('<parameters>'); }\n"
        << "source '" << data_path("../../src/cli/pkitool.zsh-completion") << "' 2>/dev/null\n"
        << "reply=()\nwords=('" << test::pkitool_binary() << "'";
    for (const auto& w : line) {
        script << " '" << w << "'";
    }
    script << ")\nCURRENT=" << line.size() + 1 << "\nPREFIX=${words[CURRENT]}\n_pkitool\nprint -r -- \"${reply[*]}\"\n";
    const auto r = test::run({"zsh", "-f", "-c", script.str()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r.out;
}

struct Case {
    std::vector<std::string> line;
    std::vector<std::string> offered;
    std::vector<std::string> not_offered;
};

const std::vector<Case>& cases()
{
    static const std::vector<Case> list = {
        {{""}, {"inspect", "consolidate", "itl", "report", "plan", "help"}, {"--version"}},
        {{"report", "--"}, {"--warn-days", "--html", "--csv", "--cluster", "--keep-going"}, {"--out"}},
        {{"--"}, {"--version", "--json"}, {}},
        {{"p12", ""}, {"show", "export", "create"}, {"inspect"}},
        {{"itl", ""}, {"show", "verify", "diff", "check", "create"}, {}},
        {{"p12", "create", "--"}, {"--out-pass-file", "--allow-non-ascii", "--json"}, {"--version", "--archive"}},
        {{"--json", "consolidate", "--"}, {"--keep-going", "--all-types"}, {"--cert-cipher"}},
        {{"csr", "--type", ""}, {"tomcat", "CallManager-ECDSA", "cup-xmpp"}, {"inspect"}},
        {{"csr", "--cluster", k_cluster, "--node", ""}, {"cucm-pub", "cucm-sub2", "imp-sub1"}, {"tomcat"}},
        {{"profiles", "show", "Call"}, {"CallManager", "CallManager-ECDSA"}, {"tomcat"}},
        {{"itl", "check", "x.tlv", "--regenerate", "TV"}, {"TVS"}, {"tomcat"}},
        {{"help", ""}, {"inspect", "p12"}, {}},
        {{"plan", ""}, {"renew", "trust-cleanup"}, {"inspect"}},
        {{"plan", "renew", "--"},
            {"--types", "--cucm-version", "--mixed-mode", "--ca-signed", "--with", "--itl", "--format"}, {"--stores"}},
        {{"plan", "trust-cleanup", "--"}, {"--stores", "--at", "--cluster"}, {"--types"}},
        {{"plan", "renew", "--cucm-version", ""}, {"10.5", "11.5", "15"}, {"tomcat"}},
        {{"plan", "renew", "--types", "tomcat,Call"}, {"tomcat,CallManager", "tomcat,CallManager-ECDSA"}, {"TVS"}},
        {{"plan", "renew", "--with", "h"}, {"ha"}, {"sso"}},
    };
    return list;
}

void expect_offers(const std::string& offered, const Case& c)
{
    std::istringstream in(offered);
    std::vector<std::string> words;
    for (std::string w; in >> w;) {
        words.push_back(w);
    }
    const auto has = [&](const std::string& w) { return std::find(words.begin(), words.end(), w) != words.end(); };
    for (const auto& w : c.offered) {
        EXPECT_TRUE(has(w)) << "missing " << w << " in: " << offered;
    }
    for (const auto& w : c.not_offered) {
        EXPECT_FALSE(has(w)) << "unexpected " << w << " in: " << offered;
    }
}

TEST(Completion, BashWithoutTheBashCompletionPackage)
{
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.line.front() + " ... " + c.line.back());
        expect_offers(bash_complete(c.line), c);
    }
    // File names come from compgen when _filedir is not there.
    EXPECT_TRUE(contains(bash_complete({"inspect", data_path("certs/chain.p")}), "chain.pem"));
}

TEST(Completion, BashWithTheBashCompletionPackage)
{
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.line.front() + " ... " + c.line.back());
        expect_offers(bash_complete(c.line, true), c);
    }
    EXPECT_TRUE(contains(bash_complete({"inspect", data_path("certs/chain.p")}, true), "chain.pem"));
}

TEST(Completion, Zsh)
{
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.line.front() + " ... " + c.line.back());
        expect_offers(zsh_complete(c.line), c);
    }
    EXPECT_TRUE(contains(zsh_complete({"inspect", "x"}), "<files>"));
}

} // namespace
} // namespace pkitool
