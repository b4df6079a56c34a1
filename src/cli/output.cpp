#include "output.hpp"

#include "console.hpp"
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace pkitool::cli {

namespace {

std::string octal_mode(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

} // namespace

void check_output(const Context& context, const std::string& path, bool binary, util::Overwrite overwrite)
{
    if (path == "-") {
        if (context.global.json) {
            throw UsageError("--json writes its document to standard output; give the output a file name instead "
                             "of -");
        }
        if (binary && stdout_is_terminal()) {
            throw UsageError("- writes binary data to standard output, which is a terminal: redirect it (> FILE) or "
                             "give a file name");
        }
        return;
    }
    util::refuse_if_exists(path, overwrite);
}

Outputs::Outputs(const Context& context, std::string command, util::Overwrite overwrite)
    : m_context(context), m_command(std::move(command)), m_overwrite(overwrite), m_files(overwrite)
{
}

void Outputs::add(
    const std::string& path, std::span<const std::uint8_t> bytes, std::string what, bool binary, mode_t mode)
{
    if (path == "-") {
        check_output(m_context, path, binary, m_overwrite);
        m_stdout.insert(m_stdout.end(), bytes.begin(), bytes.end());
        return;
    }
    m_files.add(path, bytes, mode); // refuses an existing file itself
    m_written.push_back({path, std::move(what), mode});
}

void Outputs::add(const std::string& path, std::string_view text, std::string what, mode_t mode)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(text.data());
    add(path, std::span<const std::uint8_t>(data, text.size()), std::move(what), false, mode);
}

void Outputs::commit()
{
    m_files.commit();
    if (!m_stdout.empty()) {
        std::cout.write(reinterpret_cast<const char*>(m_stdout.data()), static_cast<std::streamsize>(m_stdout.size()));
        std::cout.flush();
    }
    if (m_context.global.json) {
        toml::array files;
        for (const auto& w : m_written) {
            files.push_back(toml::table{{"path", w.path}, {"what", w.what}, {"mode", octal_mode(w.mode)}});
        }
        std::cout << to_json(
            toml::table{{"schema", "pkitool-written/1"}, {"command", m_command}, {"files", std::move(files)}});
        return;
    }
    for (const auto& w : m_written) {
        m_context.say("Wrote " + w.path + " (" + w.what + ")");
    }
}

} // namespace pkitool::cli
