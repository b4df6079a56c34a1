// `pkitool plan --format markdown` read by a Markdown parser nobody here
// wrote: Python-Markdown (Debian's python3-markdown, with sane_lists so that
// an ordered list keeps its first number) turns it into HTML, and Python's
// html.parser reports its structure, which must match the plan's JSON: one
// heading per section, one list item per step, numbered across sections,
// each CLI command as code, each hazard an item of the Hazards list.
#include "process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pkitool {
namespace {

using test::jq;
using test::pkitool;
using test::run;

const std::string k_cluster = std::string(PKITOOL_SOURCE_ROOT) + "/tests/data/plan/cluster.toml";

// Prints, one per line: the h1, the h2s joined by '|', each top-level <ol>
// as start:items, the code spans joined by '|', and the number of items of
// top-level bullet lists (the hazards).
constexpr const char* k_structure = R"(
import html.parser, sys, markdown
text = open(sys.argv[1], encoding='utf-8').read()
page = markdown.markdown(text, extensions=['sane_lists'])

class Structure(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.h1, self.h2, self.lists, self.code, self.quotes = [], '', [], [], [], 0
        self.text = None
    def handle_starttag(self, tag, attrs):
        if tag == 'ol' and 'ol' not in self.stack:
            self.lists.append([dict(attrs).get('start', '1'), 0])
        if tag == 'li' and self.stack and self.stack[-1] == 'ol' and self.stack.count('ol') == 1:
            self.lists[-1][1] += 1
        if tag == 'li' and self.stack and self.stack[-1] == 'ul' and self.stack.count('ul') == 1 and 'ol' not in self.stack:
            self.quotes += 1
        if tag in ('h1', 'h2', 'code'):
            self.text = ''
        self.stack.append(tag)
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == 'h1':
            self.h1 = self.text
        elif tag == 'h2':
            self.h2.append(self.text)
        elif tag == 'code':
            self.code.append(self.text)
    def handle_data(self, data):
        if self.text is not None:
            self.text += data

s = Structure()
s.feed(page)
print(s.h1)
print('|'.join(s.h2))
print(' '.join('%s:%d' % (start, n) for start, n in s.lists))
print('|'.join(s.code))
print(s.quotes)
)";

std::vector<std::string> structure(const test::TempDir& dir, const std::vector<std::string>& args)
{
    std::vector<std::string> full = {"plan", "renew", "--cluster", k_cluster, "--format", "markdown"};
    full.insert(full.end(), args.begin(), args.end());
    const auto plan = pkitool(full);
    EXPECT_TRUE(plan.exit_code == 0 || plan.exit_code == 1) << plan.err;
    // Debian's python3 is the one its python3-markdown package serves
    // (another python3 may come first on PATH).
    const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const auto r = run({python, "-c", k_structure, dir.write("plan.md", plan.out)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < r.out.size()) {
        const auto end = r.out.find('\n', start);
        lines.push_back(r.out.substr(start, end - start));
        start = end == std::string::npos ? r.out.size() : end + 1;
    }
    lines.resize(5);
    return lines;
}

TEST(PlanMarkdown, PythonMarkdownReadsTheRunbookAsTheJsonSaysIt)
{
    test::TempDir dir;
    const std::vector<std::string> args = {"--types", "CAPF", "--cucm-version", "14", "--mixed-mode"};
    const auto lines = structure(dir, args);
    std::vector<std::string> json_args = {"--json", "plan", "renew", "--cluster", k_cluster};
    json_args.insert(json_args.end(), args.begin(), args.end());
    const auto json = pkitool(json_args).out;
    EXPECT_EQ(lines[0], "Renewal plan for cluster plan: cucm/CAPF");
    EXPECT_EQ(lines[1], jq(json, "[.sections[].title] | join(\"|\")"));
    // One ordered list per section, starting where the previous one ended.
    EXPECT_EQ(lines[2], jq(json, "[.sections[] | \"\\(.steps[0].number):\\(.steps | length)\"] | join(\" \")"));
    EXPECT_EQ(lines[2], "1:4 5:12 17:1");
    EXPECT_EQ(lines[3], jq(json, "[.sections[].steps[].cli | select(. != \"\")] | join(\"|\")"));
    EXPECT_EQ(lines[4], "0");
}

TEST(PlanMarkdown, ARefusalIsAHazardWithTheCommandsAsCode)
{
    test::TempDir dir;
    const auto lines = structure(dir, {"--types", "CallManager,TVS", "--cucm-version", "11.5"});
    EXPECT_EQ(lines[0], "Renewal plan for cluster plan: cucm/CallManager, cucm/TVS");
    EXPECT_EQ(lines[1], "Hazards");
    EXPECT_EQ(lines[2], "");
    EXPECT_EQ(lines[3],
        "plan.callmanager-with-tvs|pkitool plan renew --cluster " + k_cluster
            + " --types CallManager --cucm-version 11.5|pkitool plan renew --cluster " + k_cluster
            + " --types TVS --cucm-version 11.5|plan.itl-signer-callmanager");
    EXPECT_EQ(lines[4], "2");
}

} // namespace
} // namespace pkitool
