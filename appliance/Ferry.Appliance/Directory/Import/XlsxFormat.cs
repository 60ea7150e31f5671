using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// The first worksheet of an XLSX (SpreadsheetML) workbook as a table of strings, read and written by hand over
/// <see cref="ZipArchive"/> and <see cref="XmlReader"/>/<see cref="XmlWriter"/>: no reflection, AOT-safe, and
/// nothing but what a single sheet of text needs. Read: shared strings, inline strings, numbers and booleans as
/// their stored text; a formula cell is marked (the importer refuses it). Written: inline strings only, so no cell
/// is ever a formula when the file is opened.
/// </summary>
/// <remarks>
/// Zip bombs: every part read is capped (<see cref="MaxPartBytes"/> uncompressed) by counting what is inflated, not by
/// trusting the sizes the archive declares. DTDs are refused, so no entity expansion.
/// </remarks>
internal static class XlsxFormat
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const long MaxPartBytes = 1L << 30;

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static SheetTable Read(Stream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new SheetFormatException("the file is not an XLSX workbook (not a zip archive)");
        }

        using (zip)
        {
            try
            {
                string sheetPath = FirstSheetPath(zip);
                List<string> shared = zip.GetEntry("xl/sharedStrings.xml") is { } strings ? ReadSharedStrings(strings) : [];
                ZipArchiveEntry sheet = zip.GetEntry(sheetPath) ?? throw new SheetFormatException($"the workbook names a worksheet '{sheetPath}' it does not contain");
                return ReadSheet(sheet, shared);
            }
            catch (XmlException ex)
            {
                throw new SheetFormatException($"the workbook is damaged: {ex.Message}");
            }
            catch (InvalidDataException ex)
            {
                throw new SheetFormatException($"the workbook is damaged: {ex.Message}");
            }
        }
    }

    public static void Write(Stream stream, SheetTable table)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="directory" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);

        ZipArchiveEntry sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        using Stream output = sheet.Open();
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = false });
        xml.WriteStartDocument(standalone: true);
        xml.WriteStartElement("worksheet", Main);
        xml.WriteStartElement("sheetData", Main);
        WriteRow(xml, 1, table.Header);
        int number = 2;
        foreach (SheetRow row in table.Rows)
        {
            WriteRow(xml, number++, row.Cells);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteRow(XmlWriter xml, int number, IReadOnlyList<string> cells)
    {
        xml.WriteStartElement("row", Main);
        xml.WriteAttributeString("r", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i].Length == 0)
            {
                continue;
            }

            xml.WriteStartElement("c", Main);
            xml.WriteAttributeString("r", ColumnName(i) + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("t", "inlineStr");
            xml.WriteStartElement("is", Main);
            xml.WriteStartElement("t", Main);
            if (cells[i][0] == ' ' || cells[i][^1] == ' ' || cells[i].Contains('\n', StringComparison.Ordinal))
            {
                xml.WriteAttributeString("xml", "space", null, "preserve");
            }

            xml.WriteString(XmlSafe(cells[i]));
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot carry most control characters; the directory never stores them, this is defence only.</summary>
    private static string XmlSafe(string value) =>
        value.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')) ? new string(value.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray()) : value;

    public static string ColumnName(int index)
    {
        var name = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return name.ToString();
    }

    /// <summary>The zero-based column of a cell reference like "AB12"; -1 when it is not one.</summary>
    private static int ColumnIndex(string reference)
    {
        int column = 0, letters = 0;
        foreach (char c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
                if (++letters > 3)
                {
                    return -1;
                }
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? -1 : column - 1;
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using Stream output = entry.Open();
        output.Write(Encoding.UTF8.GetBytes(content));
    }

    private static XmlReader OpenXml(ZipArchiveEntry entry) => XmlReader.Create(
        new CappedStream(entry.Open(), MaxPartBytes, entry.FullName),
        new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = false, CloseInput = true });

    /// <summary>The first sheet of the workbook, through its relationship; Excel always writes both parts.</summary>
    private static string FirstSheetPath(ZipArchive zip)
    {
        ZipArchiveEntry workbook = zip.GetEntry("xl/workbook.xml") ?? throw new SheetFormatException("the file is not an XLSX workbook (no xl/workbook.xml)");
        string? relationship = null;
        using (XmlReader xml = OpenXml(workbook))
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet" && xml.NamespaceURI == Main)
                {
                    relationship = xml.GetAttribute("id", RelationshipsNs);
                    break;
                }
            }
        }

        if (relationship is null)
        {
            throw new SheetFormatException("the workbook has no worksheet");
        }

        ZipArchiveEntry rels = zip.GetEntry("xl/_rels/workbook.xml.rels") ?? throw new SheetFormatException("the workbook has no xl/_rels/workbook.xml.rels");
        using XmlReader reader = OpenXml(rels);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.NamespaceURI == PackageRelationshipsNs && reader.GetAttribute("Id") == relationship)
            {
                string target = reader.GetAttribute("Target") ?? string.Empty;
                return target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }

        throw new SheetFormatException($"the workbook's first sheet ({relationship}) has no relationship target");
    }

    private static List<string> ReadSharedStrings(ZipArchiveEntry entry)
    {
        var strings = new List<string>();
        using XmlReader xml = OpenXml(entry);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si" && xml.NamespaceURI == Main)
            {
                using XmlReader item = xml.ReadSubtree();
                strings.Add(Text(item));
            }
        }

        return strings;
    }

    /// <summary>The text of a string item or inline string: its &lt;t&gt; runs, without phonetic (ruby) runs.</summary>
    private static string Text(XmlReader item)
    {
        var text = new StringBuilder();
        int phonetic = -1, run = -1;
        while (item.Read())
        {
            if (item.NodeType == XmlNodeType.Element && item.NamespaceURI == Main && !item.IsEmptyElement)
            {
                if (item.LocalName == "rPh")
                {
                    phonetic = item.Depth;
                }
                else if (item.LocalName is "t" or "v")
                {
                    run = item.Depth;
                }
            }
            else if (item.NodeType == XmlNodeType.EndElement)
            {
                if (item.Depth == phonetic)
                {
                    phonetic = -1;
                }
                else if (item.Depth == run)
                {
                    run = -1;
                }
            }
            else if (phonetic < 0 && run >= 0 && item.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA)
            {
                text.Append(item.Value);
                Limit(text.Length);
            }
        }

        return text.ToString();
    }

    private static SheetTable ReadSheet(ZipArchiveEntry entry, List<string> shared)
    {
        var rows = new List<(int Number, string[] Cells, bool[]? Formulas)>();
        using XmlReader xml = OpenXml(entry);
        var cells = new List<string>();
        var formulas = new List<bool>();
        int rowNumber = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != Main)
            {
                continue;
            }

            if (xml.LocalName == "row")
            {
                rowNumber = int.TryParse(xml.GetAttribute("r"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int r) ? r : rowNumber + 1;
                cells.Clear();
                formulas.Clear();
                if (xml.IsEmptyElement)
                {
                    continue;
                }

                ReadCells(xml, shared, cells, formulas);
                if (cells.Any(c => c.Length > 0))
                {
                    rows.Add((rowNumber, cells.ToArray(), formulas.Any(f => f) ? formulas.ToArray() : null));
                    if (rows.Count > SheetTable.MaxRows + 1)
                    {
                        throw new SheetFormatException($"more than {SheetTable.MaxRows} rows");
                    }
                }
            }
        }

        if (rows.Count == 0)
        {
            throw new SheetFormatException("the worksheet is empty: a header row is required");
        }

        return new SheetTable(rows[0].Cells, rows.Skip(1).Select(r => new SheetRow(r.Number, r.Cells, r.Formulas)).ToList());
    }

    /// <summary>Reads the cells of one &lt;row&gt; (positioned on it) into place by their references; gaps are empty.</summary>
    private static void ReadCells(XmlReader xml, List<string> shared, List<string> cells, List<bool> formulas)
    {
        int depth = xml.Depth;
        int next = 0;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c" || xml.NamespaceURI != Main)
            {
                continue;
            }

            string? reference = xml.GetAttribute("r");
            int column = reference is null ? next : ColumnIndex(reference);
            if (column < 0 || column >= SheetTable.MaxColumns)
            {
                throw new SheetFormatException($"cell '{reference}' is beyond the {SheetTable.MaxColumns} columns a directory sheet may have");
            }

            string type = xml.GetAttribute("t") ?? "n";
            string? value = null, inline = null;
            bool formula = false;
            if (!xml.IsEmptyElement)
            {
                using XmlReader cell = xml.ReadSubtree();
                cell.Read();
                while (cell.Read())
                {
                    if (cell.NodeType != XmlNodeType.Element || cell.NamespaceURI != Main)
                    {
                        continue;
                    }

                    switch (cell.LocalName)
                    {
                        case "f":
                            formula = true;
                            break;
                        case "v":
                            using (XmlReader v = cell.ReadSubtree())
                            {
                                value = Text(v);
                            }

                            break;
                        case "is":
                            using (XmlReader inlineString = cell.ReadSubtree())
                            {
                                inline = Text(inlineString);
                            }

                            break;
                    }
                }
            }

            string text = type switch
            {
                "s" => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) && index < shared.Count
                    ? shared[index]
                    : throw new SheetFormatException($"cell {reference} refers to shared string '{value}' that the workbook does not have"),
                "inlineStr" => inline ?? string.Empty,
                "b" => value == "1" ? "TRUE" : "FALSE",
                _ => value ?? string.Empty,
            };
            Limit(text.Length);
            while (cells.Count <= column)
            {
                cells.Add(string.Empty);
                formulas.Add(false);
            }

            cells[column] = text;
            formulas[column] = formula;
            next = column + 1;
        }
    }

    private static void Limit(int length)
    {
        if (length > SheetTable.MaxCellLength)
        {
            throw new SheetFormatException($"a cell is longer than {SheetTable.MaxCellLength} characters");
        }
    }

    /// <summary>Counts inflated bytes and stops at a cap: the declared sizes of a zip entry are not to be trusted.</summary>
    private sealed class CappedStream(Stream inner, long cap, string name) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > cap)
            {
                throw new SheetFormatException($"the workbook part '{name}' inflates to more than {cap} bytes");
            }

            return read;
        }
    }
}
