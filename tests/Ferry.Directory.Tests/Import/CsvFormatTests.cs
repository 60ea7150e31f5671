using System.Text;
using Ferry.Appliance.Directory.Import;

namespace Ferry.Directory.Tests.Import;

public sealed class CsvFormatTests
{
    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        SheetTable table = CsvFormat.Parse("account,title\r\nalice,\"Lead, \"\"Platform\"\"\"\r\nbob,\"two\r\nlines\"\r\n");

        Assert.Equal(["account", "title"], table.Header);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(["alice", "Lead, \"Platform\""], table.Rows[0].Cells);
        Assert.Equal(["bob", "two\r\nlines"], table.Rows[1].Cells);
        Assert.Equal(3, table.Rows[1].Number);
    }

    [Theory]
    [InlineData("account,displayName\r\nalice,Alice\r\n")]
    [InlineData("account,displayName\nalice,Alice\n")]
    [InlineData("account,displayName\nalice,Alice")]
    [InlineData("\uFEFFaccount,displayName\r\nalice,Alice")]
    [InlineData("account,displayName\r\n\r\nalice,Alice\r\n\r\n")]
    public void Crlf_lf_a_missing_final_break_a_bom_and_blank_lines_read_alike(string text)
    {
        SheetTable table = CsvFormat.Parse(text);

        Assert.Equal(["account", "displayName"], table.Header);
        Assert.Equal(["alice", "Alice"], Assert.Single(table.Rows).Cells);
    }

    [Fact]
    public void A_utf8_file_with_bom_and_chinese_text_reads_from_bytes()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("account,departments\r\nzhangsan,总部/研发部/平台组\r\n")];

        SheetTable table = CsvFormat.Read(new MemoryStream(bytes));

        Assert.Equal("account", table.Header[0]);
        Assert.Equal("总部/研发部/平台组", table.Rows[0].Cells[1]);
    }

    [Theory]
    [InlineData("account\r\n\"open", "never closed")]
    [InlineData("account\r\nal\"ice", "quote inside an unquoted field")]
    [InlineData("account\r\n\"alice\"x", "closing quote must be followed")]
    [InlineData("", "header row is required")]
    public void Broken_quoting_and_empty_files_are_clear_errors(string text, string expected)
    {
        SheetFormatException error = Assert.Throws<SheetFormatException>(() => CsvFormat.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused_not_imported_as_mojibake()
    {
        byte[] gbk = [.. Encoding.ASCII.GetBytes("account\r\n"), 0xD5, 0xC5, 0xC8, 0xFD];

        SheetFormatException error = Assert.Throws<SheetFormatException>(() => CsvFormat.Read(new MemoryStream(gbk)));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_csv_reads_back_identically()
    {
        var table = new SheetTable(["a", "b", "c"],
        [
            new SheetRow(2, ["plain", "with, comma", "with \"quote\""]),
            new SheetRow(3, ["multi\r\nline", " padded ", ""]),
            new SheetRow(4, ["中文", "", "x"]),
        ]);

        string text = CsvFormat.ToText(table);
        SheetTable back = CsvFormat.Parse(text);

        Assert.Equal(table.Header, back.Header);
        Assert.Equal(table.Rows.Select(r => r.Cells), back.Rows.Select(r => r.Cells));
    }
}
