using System.IO.Compression;
using System.Text;
using Ferry.Appliance.Directory.Import;

namespace Ferry.Directory.Tests.Import;

public sealed class XlsxFormatTests
{
    [Fact]
    public void A_written_workbook_reads_back_identically()
    {
        var table = new SheetTable(["account", "displayName", "departments", "title"],
        [
            new SheetRow(2, ["zhangsan", "张三", "总部/研发部/平台组;总部/销售部", " padded "]),
            new SheetRow(3, ["alice", "Alice <&> \"A\"", "", "two\nlines"]),
        ]);

        using var file = new MemoryStream();
        XlsxFormat.Write(file, table);
        file.Position = 0;
        SheetTable back = XlsxFormat.Read(file);

        Assert.Equal(table.Header, back.Header);
        Assert.Equal([2, 3], back.Rows.Select(r => r.Number));
        Assert.Equal(["zhangsan", "张三", "总部/研发部/平台组;总部/销售部", " padded "], back.Rows[0].Cells);
        Assert.Equal("Alice <&> \"A\"", back.Rows[1].Cells[1]);
        Assert.Equal("two\nlines", back.Rows[1].Cells[3]);
    }

    [Fact]
    public void Shared_strings_numbers_gaps_and_formulas_are_read_as_excel_writes_them()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId7"/></sheets></workbook>""");
            Part(zip, "xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="x" Target="worksheets/data.xml"/></Relationships>""");
            Part(zip, "xl/sharedStrings.xml", """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
                  <si><t>account</t></si>
                  <si><t>mobile</t></si>
                  <si><r><t>张</t></r><r><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>
                </sst>
                """);
            Part(zip, "xl/worksheets/data.xml", """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
                  <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>title</t></is></c></row>
                  <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>13800000000</v></c><c r="D3" t="str"><f>1+1</f><v>2</v></c></row>
                </sheetData></worksheet>
                """);
        }

        file.Position = 0;
        SheetTable table = XlsxFormat.Read(file);

        Assert.Equal(["account", "mobile", "", "title"], table.Header);
        SheetRow row = Assert.Single(table.Rows);
        Assert.Equal(3, row.Number);
        Assert.Equal(["张三 ", "13800000000", "", "2"], row.Cells);
        Assert.True(row.IsFormula(3));
        Assert.False(row.IsFormula(1));
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_a_clear_error()
    {
        SheetFormatException error = Assert.Throws<SheetFormatException>(() => XlsxFormat.Read(new MemoryStream(Encoding.UTF8.GetBytes("account\r\nalice\r\n"))));

        Assert.Contains("not an XLSX workbook", error.Message, StringComparison.Ordinal);
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using Stream stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }
}
