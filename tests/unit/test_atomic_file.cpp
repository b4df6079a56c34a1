#include "pkitool/error.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace pkitool {
namespace {

using util::AtomicFile;
using util::Overwrite;

std::size_t entries(const std::filesystem::path& dir)
{
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

TEST(AtomicFile, AppearsOnlyOnCommitWithTheRequestedMode)
{
    test::TempDir dir;
    const auto target = dir / "key.pem";
    {
        AtomicFile file(target, Overwrite::refuse, 0600);
        file.write(std::string_view("secret"));
        EXPECT_FALSE(std::filesystem::exists(target));
        file.commit();
    }
    EXPECT_EQ(test::read_text(target), "secret");
    struct stat st { };
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    EXPECT_EQ(entries(dir.path()), 1U);
}

TEST(AtomicFile, LeavesNothingWithoutCommit)
{
    test::TempDir dir;
    {
        AtomicFile file(dir / "out.pem", Overwrite::refuse);
        file.write(std::string_view("half"));
    }
    EXPECT_EQ(entries(dir.path()), 0U);
}

TEST(AtomicFile, RefusesAnExistingFileBeforeAnyWork)
{
    test::TempDir dir;
    const auto target = dir.write("out.pem", "old");
    try {
        AtomicFile file(target, Overwrite::refuse);
        FAIL() << "no error";
    } catch (const OutputError& e) {
        EXPECT_EQ(std::string(e.what()), target + ": already exists (use --force to overwrite)");
    }
    EXPECT_EQ(test::read_text(target), "old");
}

TEST(AtomicFile, RefusesAFileThatAppearsBeforeCommit)
{
    test::TempDir dir;
    AtomicFile file(dir / "out.pem", Overwrite::refuse);
    file.write(std::string_view("new"));
    dir.write("out.pem", "raced");
    EXPECT_THROW(file.commit(), OutputError);
    EXPECT_EQ(test::read_text((dir / "out.pem").string()), "raced");
}

TEST(AtomicFile, ReplacesWhenAsked)
{
    test::TempDir dir;
    const auto target = dir.write("out.pem", "old");
    util::write_file_atomically(
        target, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("new"), 3), Overwrite::replace);
    EXPECT_EQ(test::read_text(target), "new");
    EXPECT_EQ(entries(dir.path()), 1U);
}

// Every writer creates its output's missing folders, and says which folder
// it could not create.
TEST(AtomicFile, CreatesAMissingFolderOrNamesIt)
{
    test::TempDir dir;
    {
        AtomicFile file(dir / "missing" / "deeper" / "out.pem", Overwrite::refuse);
        file.write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("x"), 1));
        file.commit();
    }
    EXPECT_EQ(test::read_text((dir / "missing" / "deeper" / "out.pem").string()), "x");
    const auto blocker = dir.write("file", "not a folder");
    const auto message = test::error_message([&] { AtomicFile(dir / "file" / "sub" / "out.pem", Overwrite::refuse); });
    EXPECT_EQ(message, (dir / "file" / "sub").string() + ": cannot create the folder: Not a directory");
}

TEST(AtomicFileSet, AllOrNothing)
{
    test::TempDir dir;
    std::filesystem::create_directories(dir / "sub");
    {
        util::AtomicFileSet set(Overwrite::refuse);
        set.add(dir / "a.csr", std::string_view("a"));
        set.add(dir / "sub" / "b.key", std::string_view("b"), 0600);
        // A file appears where the second output goes: the commit fails and
        // takes back the first one; the temporaries go with the set.
        dir.write("sub/b.key", "raced");
        EXPECT_THROW(set.commit(), OutputError);
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "a.csr"));
    EXPECT_EQ(test::read_text((dir / "sub" / "b.key").string()), "raced");
    EXPECT_EQ(entries(dir / "sub"), 1U);

    util::AtomicFileSet ok(Overwrite::refuse);
    ok.add(dir / "c.csr", std::string_view("c"));
    ok.add(dir / "d.key", std::string_view("d"), 0600);
    ok.commit();
    EXPECT_EQ(test::read_text((dir / "c.csr").string()), "c");
    EXPECT_EQ(test::read_text((dir / "d.key").string()), "d");
}

TEST(AtomicFileSet, RefusesAnExistingTargetWhenAdded)
{
    test::TempDir dir;
    dir.write("x.csr", "old");
    util::AtomicFileSet set(Overwrite::refuse);
    EXPECT_THROW(set.add(dir / "x.csr", std::string_view("new")), OutputError);
}

} // namespace
} // namespace pkitool
