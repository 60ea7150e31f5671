using System.Text.Json;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Enterprise;

namespace Ferry.Appliance.Tests.Enterprise;

/// <summary>The validators of the settings model: each definition normalises a good value and names the problem of a bad one.</summary>
public sealed class SettingDefinitionTests
{
    private static readonly TextSetting Name = EnterpriseSettings.Name;

    [Theory]
    [InlineData("Acme", "Acme")]
    [InlineData("  Acme Corp  ", "Acme Corp")]
    [InlineData("渡口科技有限公司", "渡口科技有限公司")]
    [InlineData("x", "x")]
    public void A_good_name_is_trimmed_and_stored(string input, string stored)
    {
        SettingCheck check = Name.Check(input);
        Assert.Null(check.Problem);
        Assert.Equal(stored, check.Stored);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("   ", "is required")]
    [InlineData("line\nbreak", "control characters")]
    [InlineData("tab\there", "control characters")]
    [InlineData("nul\0", "control characters")]
    [InlineData("bell\u0007", "control characters")]
    public void A_bad_name_gets_its_problem(string input, string problem)
    {
        SettingCheck check = Name.Check(input);
        Assert.Null(check.Stored);
        Assert.Contains(problem, check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        // Not a theory row: xunit would replace the lone surrogate when it serialises the data.
        Assert.Contains("lone surrogate", Name.Check("lone \ud800 surrogate").Problem, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", Name.Check("end \udc00").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_counts_characters_not_utf16_units_and_is_1_to_64()
    {
        Assert.Null(Name.Check(new string('a', 64)).Problem);
        Assert.Contains("1 to 64 characters (got 65)", Name.Check(new string('a', 65)).Problem, StringComparison.Ordinal);
        Assert.Null(Name.Check(new string('渡', 64)).Problem);
        Assert.NotNull(Name.Check(new string('渡', 65)).Problem);

        // 64 emoji are 128 UTF-16 units but 64 characters.
        string emoji = string.Concat(Enumerable.Repeat("🚢", 64));
        Assert.Null(Name.Check(emoji).Problem);
        Assert.NotNull(Name.Check(emoji + "🚢").Problem);
    }

    [Fact]
    public void The_name_defaults_to_the_configured_name()
    {
        Assert.Equal("Harbour", Name.Default(new FerryOptions { DataDirectory = "/x", Name = "Harbour" }));
        Assert.Equal("Ferry", Name.Default(new FerryOptions { DataDirectory = "/x" }));
    }

    [Fact]
    public void Flag_and_number_settings_check_their_types_and_ranges()
    {
        var flag = new FlagSetting("flag", _ => false);
        Assert.Equal("1", flag.Check(true).Stored);
        Assert.True(flag.TryRead("1", out bool on) && on);
        Assert.False(flag.TryRead("yes", out _));
        Assert.Contains("true or false", flag.CheckJson(Json("\"yes\"")).Problem, StringComparison.Ordinal);

        var number = new NumberSetting("number", 1, 10, _ => 5);
        Assert.Equal("7", number.Check(7).Stored);
        Assert.Contains("from 1 to 10", number.Check(11).Problem, StringComparison.Ordinal);
        Assert.Contains("from 1 to 10", number.CheckJson(Json("2.5")).Problem, StringComparison.Ordinal);
        Assert.False(number.TryRead("11", out _));
        Assert.True(number.TryRead("10", out long ten) && ten == 10);
    }

    [Fact]
    public void A_json_change_reports_every_bad_field()
    {
        SettingsChange change = SettingsChange.FromJson(Json("""{"name": 12, "colour": "red"}"""));
        Assert.Equal(["name", "colour"], change.Items.Select(i => i.Field));
        Assert.Contains("must be a string", change.Items[0].Check.Problem, StringComparison.Ordinal);
        Assert.Contains("is not an enterprise setting", change.Items[1].Check.Problem, StringComparison.Ordinal);

        Assert.Contains("must not be null", SettingsChange.FromJson(Json("""{"name": null}""")).Items[0].Check.Problem, StringComparison.Ordinal);
        Assert.Contains("JSON object", SettingsChange.FromJson(Json("[1]")).Items[0].Check.Problem, StringComparison.Ordinal);
        Assert.Contains("twice", SettingsChange.FromJson(Json("""{"name": "a", "name": "b"}""")).Items[1].Check.Problem, StringComparison.Ordinal);
        Assert.Equal("Acme", SettingsChange.FromJson(Json("""{"name": " Acme "}""")).Items.Single().Check.Stored);
    }

    [Fact]
    public void Every_registered_setting_has_a_unique_key_and_a_valid_default()
    {
        Assert.Equal(EnterpriseSettings.All.Count, EnterpriseSettings.All.Select(d => d.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Same(Name, EnterpriseSettings.Find("name"));
        Assert.Null(EnterpriseSettings.Find("Name"));
        Assert.Null(Name.Check(Name.Default(new FerryOptions { DataDirectory = "/x" })).Problem);
    }

    private static JsonElement Json(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
