// pkitool p12 show | export | create: PKCS#12 files of every flavour.
#include "commands.hpp"
#include "output.hpp"

#include "console.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/load/pem.hpp"
#include "pkitool/pkcs12/pfx.hpp"
#include "pkitool/pkcs12/writer.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/x509/private_key.hpp"

#include <botan/auto_rng.h>

#include <map>
#include <memory>

namespace pkitool::cli {

namespace {

constexpr const char* k_help
    = "Read, export and create PKCS#12 (.p12/.pfx) files of every flavour\n"
      "\n"
      "Examples:\n"
      "  pkitool p12 show --pass-file pw node.p12\n"
      "  pkitool p12 export node.p12 --certs node.pem --key node.key --pass-file pw "
      "--out-pass-file newpw\n"
      "  pkitool p12 create --cert leaf.pem --cert ca.pem --key leaf.key --out leaf.p12 "
      "--name cucm-pub --pass-file keypw --out-pass-file p12pw\n"
      "  pkitool p12 create --cert roots.pem --out trust.p12 --profile legacy --out-pass-file pw";

constexpr const char* k_show_help
    = "Show a PKCS#12 file: its MAC, contents, encryption, bags and attributes, and the certificates and keys\n"
      "(keys by type and size only)\n"
      "\n"
      "Examples:\n"
      "  pkitool p12 show cucm-pub.p12                 asks for the password on a terminal if one is needed\n"
      "  pkitool p12 show --pass-file pw *.p12         each line of pw is tried in order\n"
      "  pkitool --json p12 show --pass-env P12PW trust.p12\n"
      "\n"
      "The MAC is checked before anything is decrypted; a wrong password exits 4. Files without a\n"
      "password, with the empty one or the absent one open without asking.";

constexpr const char* k_export_help
    = "Export the certificates (PEM) and the private key (PKCS#8, re-encrypted, mode 0600) of a PKCS#12 file\n"
      "\n"
      "Examples:\n"
      "  pkitool p12 export node.p12 --certs node-chain.pem\n"
      "  pkitool p12 export node.p12 --certs chain.pem --key node.key --pass-file in.pw --out-pass-file key.pw\n"
      "\n"
      "The key is written as PKCS#8 PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with the --out-pass-* password;\n"
      "--no-encrypt --insecure writes it in the clear. Existing files are kept unless --force.";

constexpr const char* k_create_help
    = "Create a PKCS#12 file from certificates and, optionally, their private key\n"
      "\n"
      "Examples:\n"
      "  pkitool p12 create --cert leaf.pem --cert issuing-ca.pem --key leaf.key --out leaf.p12 --name cucm-pub\n"
      "  pkitool p12 create --cert trust-bundle.pem --out trust.p12                  (trusted certificates)\n"
      "  pkitool p12 create --cert leaf.pem --key leaf.key --out old-java.p12 --profile legacy\n"
      "  pkitool p12 create --cert roots.pem --out t.p12 --cert-cipher none --mac sha256\n"
      "\n"
      "Profiles: modern (default; PBES2 PBKDF2-HMAC-SHA256 with AES-256-CBC for certificates and key,\n"
      "HMAC-SHA256 MAC) and legacy (PBE-SHA1-RC2-40 certificates, PBE-SHA1-3DES key, HMAC-SHA1 MAC) for old\n"
      "Java, Windows and CUCM importers. --cert-cipher/--key-cipher/--mac override one part. Without a key,\n"
      "certificates are marked trusted for Java's keytool. The key's certificate gets the friendlyName\n"
      "--name (default: its CN) and a localKeyID (the SHA-1 of the certificate).";

struct ReadOptions {
    std::string file;
    PasswordOptions password;
};

struct ExportOptions {
    std::string file;
    std::string certs;
    std::string key;
    PasswordOptions password;
    PasswordOptions out_password;
    bool no_encrypt = false;
    bool insecure = false;
    bool force = false;
};

struct CreateOptions {
    std::vector<std::string> certs;
    std::string key;
    std::string out;
    std::string name;
    std::string profile = "modern";
    std::string cert_cipher;
    std::string key_cipher;
    std::string mac;
    std::size_t iterations = 2048;
    bool allow_weak = false;
    bool allow_non_ascii = false;
    bool force = false;
    PasswordOptions password;
    PasswordOptions out_password;
};

pkcs12::Contents read_pkcs12(const std::string& path, const PasswordOptions& password)
{
    const auto data = util::read_input(path);
    const auto options = password.load_options();
    if (load::sniff(data) != load::Kind::pkcs12) {
        throw InputError(path + ": not a PKCS#12 file (pkitool inspect tells what it is)");
    }
    try {
        return pkcs12::read(data, options.pkcs12_passwords, options.password, path, options.pkcs12_limits);
    } catch (const Error& e) {
        rethrow_with_prefix(e, path + ": ");
    }
}

void show(Context& context, const ReadOptions& o)
{
    auto result = load::load_file(o.file, o.password.load_options());
    const bool is_pkcs12
        = !result.items.empty() && std::holds_alternative<load::Pkcs12Summary>(result.items[0].content);
    if (!is_pkcs12 && result.failures.empty()) {
        throw InputError(o.file + ": not a PKCS#12 file (pkitool inspect tells what it is)");
    }
    show_inspection(context, {{o.file, std::move(result)}});
}

void export_files(Context& context, const ExportOptions& o)
{
    const auto overwrite = o.force ? util::Overwrite::replace : util::Overwrite::refuse;
    // Check the outputs and find the password before any work.
    for (const auto& path : {o.certs, o.key}) {
        if (!path.empty()) {
            check_output(context, path, false, overwrite);
        }
    }
    std::optional<util::SecretString> out_password;
    if (!o.key.empty() && !o.no_encrypt) {
        out_password = new_password(o.out_password, "the exported key", false);
        if (!out_password) {
            throw UsageError("the key is written encrypted: give --out-pass-file FILE or --out-pass-env VAR "
                             "(or --no-encrypt --insecure for a key in the clear)");
        }
    }
    const auto contents = read_pkcs12(o.file, o.password);
    std::string pem;
    std::size_t cert_count = 0;
    std::vector<const pkcs12::Bag*> keys;
    for (const auto& bag : contents.bags) {
        if (bag.type == pkcs12::BagType::certificate) {
            pem += load::pem_encode(bag.value, "CERTIFICATE");
            ++cert_count;
        } else if (bag.type == pkcs12::BagType::key || bag.type == pkcs12::BagType::shrouded_key) {
            keys.push_back(&bag);
        }
    }
    Outputs files(context, "pkitool p12 export", overwrite);
    if (!o.certs.empty()) {
        if (cert_count == 0) {
            throw InputError(o.file + " holds no certificate");
        }
        files.add(o.certs, pem, std::to_string(cert_count) + " certificate" + (cert_count == 1 ? "" : "s"));
    }
    if (!o.key.empty()) {
        if (keys.empty()) {
            throw InputError(o.file + " holds no private key");
        }
        if (keys.size() > 1) {
            throw InputError(o.file + " holds " + std::to_string(keys.size()) + " private keys; export writes one");
        }
        const auto key = x509::load_pkcs8_key(keys[0]->secret, o.file);
        Botan::AutoSeeded_RNG rng;
        const auto key_pem = x509::key_pem(*key, out_password ? &*out_password : nullptr, rng);
        files.add(o.key, std::string_view(key_pem.data(), key_pem.size()),
            std::string("private key, 0600, ") + (out_password ? "encrypted" : "NOT encrypted"), 0600);
    }
    files.commit();
}

pkcs12::WriteOptions write_options(const CreateOptions& o, bool has_key)
{
    auto w = pkcs12::profile_options(o.profile);
    if (!o.cert_cipher.empty()) {
        if (o.cert_cipher == "none" || o.cert_cipher == "NONE") {
            w.cert_scheme.reset();
        } else {
            w.cert_scheme = pkcs12::scheme_from_name(o.cert_cipher);
        }
    }
    if (!o.key_cipher.empty()) {
        w.key_scheme = pkcs12::scheme_from_name(o.key_cipher);
    }
    if (!o.mac.empty()) {
        w.mac_hash = pkcs12::mac_hash_from_name(o.mac);
    }
    w.iterations = o.iterations;
    w.mac_iterations = o.iterations;
    // A key under a cipher weaker than triple DES needs an explicit yes.
    if (has_key) {
        const auto weak_key = w.key_scheme;
        const bool broken = weak_key != pkcs12::Scheme::aes_128_cbc && weak_key != pkcs12::Scheme::aes_192_cbc
            && weak_key != pkcs12::Scheme::aes_256_cbc && weak_key != pkcs12::Scheme::des_ede3_cbc
            && weak_key != pkcs12::Scheme::pbe_sha1_3des;
        if (broken && !o.allow_weak) {
            throw UsageError("--key-cipher " + std::string(pkcs12::scheme_name(weak_key)) + " is weak ("
                + std::string(pkcs12::scheme_weakness(weak_key)) + "); add --allow-weak if the importer needs it");
        }
    }
    return w;
}

void create(Context& context, const CreateOptions& o)
{
    const auto overwrite = o.force ? util::Overwrite::replace : util::Overwrite::refuse;
    check_output(context, o.out, true, overwrite);
    // The certificates, in order, without repeats.
    std::vector<x509::Certificate> certs;
    for (const auto& file : load::load_files_or_throw(o.certs, o.password.load_options())) {
        for (const auto& item : file.result.items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                const bool seen = std::any_of(
                    certs.begin(), certs.end(), [&](const x509::Certificate& c) { return c.der == cert->der; });
                if (!seen) {
                    certs.push_back(*cert);
                }
            }
        }
    }
    if (certs.empty()) {
        throw InputError("no certificate in " + o.certs.front() + (o.certs.size() > 1 ? " and the others" : ""));
    }
    std::optional<pkcs12::KeyEntry> key;
    std::size_t leaf = certs.size();
    if (!o.key.empty()) {
        key = pkcs12::KeyEntry{load::read_private_key(o.key, o.password.load_options()), std::nullopt, {}};
        const auto description = x509::describe_pkcs8(key->private_key_info);
        for (std::size_t i = 0; i < certs.size(); ++i) {
            if (!description.public_key.spki.empty() && certs[i].public_key.spki == description.public_key.spki) {
                leaf = i;
                break;
            }
        }
        if (leaf == certs.size()) {
            throw UsageError("the key in " + o.key + " belongs to none of the certificates");
        }
    }
    const auto w = write_options(o, key.has_value());
    std::optional<util::SecretString> password;
    if (w.mac_hash || w.cert_scheme || key) {
        password = new_pkcs12_password(o.out_password, o.out, o.allow_non_ascii);
    }
    // Once nothing can refuse the run any more.
    say_weaknesses(context, w, key.has_value(), "the PKCS#12 file is");

    // Leaf first, then the others as given; unique friendlyNames.
    std::vector<pkcs12::CertEntry> entries;
    std::map<std::string, int> used_names;
    const auto unique = [&used_names](std::string name) {
        const int n = ++used_names[name];
        return n == 1 ? name : name + "-" + std::to_string(n);
    };
    if (key) {
        const auto& c = certs[leaf];
        const auto id = util::sha1(c.der);
        const std::string name = o.name.empty() ? c.subject.common_name() : o.name;
        entries.push_back({c.der, unique(name), der::Bytes(id.begin(), id.end())});
        key->friendly_name = entries.back().friendly_name;
        key->local_key_id = entries.back().local_key_id;
    }
    for (std::size_t i = 0; i < certs.size(); ++i) {
        if (i == leaf) {
            continue;
        }
        std::string name = certs[i].subject.common_name();
        if (!key && !o.name.empty()) {
            name = o.name;
        }
        entries.push_back({certs[i].der, unique(name.empty() ? "certificate" : name), {}});
    }
    Botan::AutoSeeded_RNG rng;
    const auto pfx = pkcs12::write(entries, key, w, password, rng);
    Outputs out(context, "pkitool p12 create", overwrite);
    out.add(o.out, pfx,
        std::to_string(entries.size()) + " certificate" + (entries.size() == 1 ? "" : "s") + (key ? ", 1 key" : "")
            + "; " + o.profile + " profile",
        true, key ? 0600 : 0644);
    out.commit();
}

} // namespace

void add_p12(CLI::App& app, Context& context)
{
    auto* p12 = app.add_subcommand("p12", k_help);
    p12->require_subcommand(1);

    auto ro = std::make_shared<ReadOptions>();
    auto* show_cmd = p12->add_subcommand("show", k_show_help);
    show_cmd->add_option("FILE", ro->file, "The PKCS#12 file; - reads standard input")->required();
    ro->password.add_to(context, *show_cmd, "the PKCS#12 file", true);
    show_cmd->callback([&context, ro] { show(context, *ro); });

    auto eo = std::make_shared<ExportOptions>();
    auto* export_cmd = p12->add_subcommand("export", k_export_help);
    export_cmd->add_option("FILE", eo->file, "The PKCS#12 file")->required();
    export_cmd->add_option("--certs", eo->certs, "Write the certificates to OUT.pem (- for standard output)")
        ->type_name("OUT.pem");
    export_cmd->add_option("--key", eo->key, "Write the private key to OUT.key (PKCS#8, 0600; - for standard output)")
        ->type_name("OUT.key");
    eo->password.add_to(context, *export_cmd, "the PKCS#12 file", true);
    eo->out_password.add_to(context, *export_cmd, "the exported key", false, "out-pass");
    auto* insecure = export_cmd->add_flag("--insecure", eo->insecure, "Confirms --no-encrypt");
    export_cmd->add_flag("--no-encrypt", eo->no_encrypt, "Write the key in the clear (needs --insecure)")
        ->needs(insecure);
    export_cmd->add_flag("--force", eo->force, "Overwrite existing files");
    export_cmd->callback([&context, eo] {
        if (eo->certs.empty() && eo->key.empty()) {
            throw UsageError("nothing to export: give --certs OUT.pem and/or --key OUT.key");
        }
        export_files(context, *eo);
    });

    auto co = std::make_shared<CreateOptions>();
    auto* create_cmd = p12->add_subcommand("create", k_create_help);
    create_cmd->add_option("--cert", co->certs, "Certificates (PEM, DER or PKCS#7; repeat for several)")
        ->required()
        ->type_name("FILE");
    create_cmd->add_option("--key", co->key, "The private key of one of the certificates")->type_name("FILE");
    create_cmd->add_option("--out", co->out, "The PKCS#12 file to write (- for standard output, not a terminal)")
        ->required()
        ->type_name("FILE.p12");
    create_cmd->add_option("--name", co->name, "friendlyName (alias) of the key entry")->type_name("ALIAS");
    create_cmd->add_option("--profile", co->profile, "modern or legacy")
        ->check(CLI::IsMember({"modern", "legacy"}))
        ->capture_default_str();
    create_cmd
        ->add_option("--cert-cipher", co->cert_cipher,
            "Encryption of the certificates: AES-128-CBC, AES-192-CBC, AES-256-CBC, DES-EDE3-CBC, PBE-SHA1-3DES, "
            "PBE-SHA1-2DES, PBE-SHA1-RC2-128, PBE-SHA1-RC2-40, PBE-SHA1-RC4-128, PBE-SHA1-RC4-40 or none")
        ->type_name("NAME");
    create_cmd->add_option("--key-cipher", co->key_cipher, "Encryption of the key (the same names but none)")
        ->type_name("NAME");
    create_cmd->add_option("--mac", co->mac, "MAC hash: sha1, sha224, sha256, sha384, sha512 or none")
        ->type_name("HASH");
    create_cmd->add_option("--iterations", co->iterations, "Key derivation iterations (encryption and MAC)")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    create_cmd->add_flag("--allow-weak", co->allow_weak, "Allow a key cipher weaker than triple DES");
    create_cmd->add_flag(
        "--allow-non-ascii", co->allow_non_ascii, "Allow an output password Java cannot use (outside printable ASCII)");
    create_cmd->add_flag("--force", co->force, "Overwrite an existing file");
    co->password.add_to(context, *create_cmd, "an encrypted --key");
    co->out_password.add_to(context, *create_cmd, "the new PKCS#12 file", false, "out-pass");
    create_cmd->callback([&context, co] { create(context, *co); });
}

} // namespace pkitool::cli
