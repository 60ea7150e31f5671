using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Security;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Accounts;

/// <summary>Account creation and look-up, with the rules an account name and password must meet.</summary>
internal sealed partial class AccountService(IAccountStore store, FerryOptions options, TimeProvider clock)
{
    public const string SuperAdministrator = "admin";
    public const int MinimumPasswordLength = 8;
    public const int MaximumPasswordLength = 256;

    private readonly ConcurrentDictionary<long, Account> _byId = new();
    private readonly ConcurrentDictionary<string, Account> _byName = new(StringComparer.OrdinalIgnoreCase);

    public Account Create(string? name, string? displayName, string? password, bool isAdmin) => Insert(Prepare(name, displayName, password, isAdmin));

    /// <summary>
    /// Checks a new account's fields and hashes its password: the slow half of <see cref="Create"/>, kept apart so a
    /// caller can do it before taking a lock and <see cref="Insert"/> under it.
    /// </summary>
    public NewAccount Prepare(string? name, string? displayName, string? password, bool isAdmin)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || !AccountNamePattern().IsMatch(name))
        {
            FerryException.Throw(ErrorCode.BadRequest, "account must be 1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        displayName = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim();
        if (displayName.Length > 100 || displayName.Any(char.IsControl))
        {
            FerryException.Throw(ErrorCode.BadRequest, "displayName must be at most 100 characters, without control characters");
        }

        ValidatePassword(password);
        return new NewAccount(name, displayName, PasswordHasher.Hash(password!, options.Sessions.PasswordIterations), isAdmin);
    }

    public Account Insert(NewAccount account)
    {
        Account? created = store.TryCreate(account.Name, account.DisplayName, account.PasswordHash, account.IsAdmin, clock.GetUtcNow().ToUnixTimeMilliseconds());
        return created ?? FerryException.Throw<Account>(ErrorCode.Conflict, $"account '{account.Name}' already exists");
    }

    public static void ValidatePassword(string? password)
    {
        if (password is null || password.Length < MinimumPasswordLength || password.Length > MaximumPasswordLength)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"password must be {MinimumPasswordLength} to {MaximumPasswordLength} characters");
        }
    }

    public Account? FindByName(string name) => store.FindByName(name);

    /// <summary>Name look-up on the send path. Names are immutable once created, so a cached hit stays true.</summary>
    public Account? FindByNameCached(string name)
    {
        if (_byName.TryGetValue(name, out Account? cached))
        {
            return cached;
        }

        Account? account = store.FindByName(name);
        if (account is not null)
        {
            _byName[name] = account;
            _byId[account.Id] = account;
        }

        return account;
    }

    /// <summary>Accounts are looked up on every message render; names and ids never change once created.</summary>
    public Account? FindById(long id)
    {
        if (_byId.TryGetValue(id, out Account? cached))
        {
            return cached;
        }

        Account? account = store.FindById(id);
        if (account is not null)
        {
            _byId[id] = account;
        }

        return account;
    }

    /// <summary>
    /// Drops an account from the caches after the directory changed its state or display name, so the send path
    /// sees a frozen or deleted account as such. Names never change, so <see cref="NameOf"/> is unaffected.
    /// </summary>
    public void Forget(long id)
    {
        if (_byId.TryRemove(id, out Account? cached))
        {
            _byName.TryRemove(cached.Name, out _);
        }
    }

    public string NameOf(long id) => FindById(id)?.Name ?? $"#{id}";

    public IReadOnlyList<Account> List(long afterId, int limit) => store.List(afterId, Math.Clamp(limit, 1, 1000));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNamePattern();
}

/// <summary>A checked new account with its password already hashed, ready for <see cref="AccountService.Insert"/>.</summary>
internal sealed record NewAccount(string Name, string DisplayName, string PasswordHash, bool IsAdmin);
