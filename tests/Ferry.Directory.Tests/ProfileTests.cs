using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;

namespace Ferry.Directory.Tests;

public sealed class ProfileTests : IDisposable
{
    private readonly DirectoryStack _stack = new();
    private readonly long _alice;

    public ProfileTests()
    {
        _alice = _stack.NewAccount("alice");
    }

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void An_administrator_sets_every_standard_field_and_empty_clears_one()
    {
        DirectoryAccount updated = _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(
            DisplayName: "张三", Title: "Engineer", Mobile: "+86 138-0000-0000", Phone: "(010) 6555 1234#12", Email: "alice@example.com",
            Gender: "Female", EmployeeNumber: "E-0001", Avatar: "https://ferry.example/avatars/alice.png", Signature: "  Hello  "));

        Assert.Equal("张三", updated.DisplayName);
        Assert.Equal(new Profile("Engineer", "+86 138-0000-0000", "(010) 6555 1234#12", "alice@example.com", Gender.Female, "E-0001", "https://ferry.example/avatars/alice.png", "Hello"), updated.Profile);
        Assert.Equal("张三", _stack.AccountStore.FindById(_alice)!.DisplayName);

        DirectoryAccount cleared = _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(Mobile: "", Gender: ""));

        Assert.Equal(("", Gender.Unspecified, "Engineer"), (cleared.Profile.Mobile, cleared.Profile.Gender, cleared.Profile.Title));
    }

    [Fact]
    public void Every_bad_field_is_named_and_nothing_is_written()
    {
        _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(Title: "Engineer"));
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(
            DisplayName: "  ", Title: "ok title", Mobile: "call me", Phone: "12\n34", Email: "not-an-address", Gender: "robot",
            EmployeeNumber: new string('9', 65), Avatar: "has space.png", Signature: new string('s', 201),
            Attributes: new Dictionary<string, string?> { ["undefined"] = "x" })));

        foreach (string field in new[] { "displayName", "mobile", "phone", "email", "gender", "employeeNumber", "avatar", "signature", "attributes.undefined" })
        {
            Assert.Contains(field + ":", error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("title:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Employee_numbers_are_unique()
    {
        long bob = _stack.NewAccount("bob");
        _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(EmployeeNumber: "E-1", Title: "Engineer"));
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.UpdateProfile(_stack.Admin, bob, new ProfilePatch(DisplayName: "Bob", EmployeeNumber: "e-1")));

        Assert.StartsWith("employeeNumber:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Extended_attributes_are_defined_set_and_removed_with_their_values()
    {
        _stack.Directory.DefineAttribute(_stack.Admin, "office", "Office", userEditable: false);
        _stack.Directory.DefineAttribute(_stack.Admin, "desk", "Desk", userEditable: true);

        DirectoryAccount account = _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(Attributes: new Dictionary<string, string?> { ["office"] = " Beijing ", ["desk"] = "4-12" }));
        Assert.Equal(new Dictionary<string, string> { ["office"] = "Beijing", ["desk"] = "4-12" }, account.Attributes);

        account = _stack.Directory.UpdateProfile(_stack.Admin, _alice, new ProfilePatch(Attributes: new Dictionary<string, string?> { ["desk"] = null }));
        Assert.Equal(new Dictionary<string, string> { ["office"] = "Beijing" }, account.Attributes);

        _stack.Directory.DeleteAttribute(_stack.Admin, "office");
        Assert.Empty(_stack.Directory.GetAccount(_stack.Admin, _alice).Attributes);
        Assert.Equal(["desk"], _stack.Directory.Settings(_stack.Admin).Attributes.Select(a => a.Key));
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.DeleteAttribute(_stack.Admin, "office"));
    }

    [Theory]
    [InlineData("Office")]
    [InlineData("1st")]
    [InlineData("has-dash")]
    [InlineData("mobile")]
    [InlineData("")]
    public void Attribute_keys_are_lower_case_identifiers_that_are_not_standard_fields(string key)
    {
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.DefineAttribute(_stack.Admin, key, "Label", false));

        Assert.StartsWith("key:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Users_edit_only_the_fields_the_administrator_allows()
    {
        Caller alice = _stack.User("alice");
        _stack.Directory.DefineAttribute(_stack.Admin, "desk", "Desk", userEditable: true);
        _stack.Directory.DefineAttribute(_stack.Admin, "office", "Office", userEditable: false);

        DirectoryAccount own = _stack.Directory.UpdateOwnProfile(alice, new ProfilePatch(Signature: "Away", Mobile: "13800000000", Attributes: new Dictionary<string, string?> { ["desk"] = "7" }));
        Assert.Equal(("Away", "13800000000", "7"), (own.Profile.Signature, own.Profile.Mobile, own.Attributes["desk"]));

        string before = _stack.Snapshot();
        FerryException refused = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.UpdateOwnProfile(alice, new ProfilePatch(
            Signature: "Back", Title: "CEO", Attributes: new Dictionary<string, string?> { ["office"] = "Paris" })));
        Assert.Contains("title: users may not edit this field", refused.Message, StringComparison.Ordinal);
        Assert.Contains("attributes.office: users may not edit this field", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());

        _stack.Directory.SetFieldEditability(_stack.Admin, new Dictionary<string, bool> { ["title"] = true, ["signature"] = false });
        Assert.Equal("CEO", _stack.Directory.UpdateOwnProfile(alice, new ProfilePatch(Title: "CEO")).Profile.Title);
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.UpdateOwnProfile(alice, new ProfilePatch(Signature: "Back")));
    }

    [Fact]
    public void Field_settings_name_only_standard_fields()
    {
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.SetFieldEditability(_stack.Admin, new Dictionary<string, bool> { ["mobile"] = false, ["shoeSize"] = true }));

        Assert.StartsWith("editableFields.shoeSize:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Unknown_accounts_are_not_found()
    {
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.GetAccount(_stack.Admin, 4242));
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.UpdateProfile(_stack.Admin, 4242, new ProfilePatch(Title: "x")));
    }
}
