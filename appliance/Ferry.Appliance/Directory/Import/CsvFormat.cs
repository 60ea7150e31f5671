using System.Text;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// RFC 4180 CSV: fields separated by ',', records by CRLF (LF and a final record without a line break are accepted),
/// a field in double quotes may hold ',', line breaks and '""' (one quote). UTF-8 with or without a BOM. The first
/// record is the header.
/// </summary>
internal static class CsvFormat
{
    public const string MediaType = "text/csv";

    public static SheetTable Read(Stream stream)
    {
        // Strict UTF-8: a file saved in a legacy code page (GBK) is an error, not mojibake in the directory.
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        try
        {
            return Parse(reader.ReadToEnd());
        }
        catch (DecoderFallbackException)
        {
            throw new SheetFormatException("the CSV file is not valid UTF-8; save it as \"CSV UTF-8\"");
        }
    }

    /// <summary>Parses CSV text (a leading BOM is skipped).</summary>
    public static SheetTable Parse(string text)
    {
        int position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var records = new List<(int Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool atFieldStart = true, quoted = false, any = false;
        while (position < text.Length)
        {
            char c = text[position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (position < text.Length && text[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else
                    {
                        quoted = false;
                        if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                        {
                            throw new SheetFormatException($"CSV line {line}: a closing quote must be followed by ',' or the end of the line (write \"\" for a quote inside a field)");
                        }
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    any = true;
                    break;
                case '"':
                    throw new SheetFormatException($"CSV line {line}: a quote inside an unquoted field; quote the whole field and double the quote");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    any = true;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    atFieldStart = false;
                    any = true;
                    break;
            }

            if (field.Length > SheetTable.MaxCellLength)
            {
                throw new SheetFormatException($"CSV line {line}: a field is longer than {SheetTable.MaxCellLength} characters");
            }
        }

        if (quoted)
        {
            throw new SheetFormatException($"CSV line {recordLine}: a quoted field is never closed");
        }

        EndRecord();
        if (records.Count == 0)
        {
            throw new SheetFormatException("the file is empty: a header row is required");
        }

        string[] header = records[0].Fields;
        var rows = new List<SheetRow>(records.Count - 1);
        for (int i = 1; i < records.Count; i++)
        {
            rows.Add(new SheetRow(i + 1, records[i].Fields));
        }

        return new SheetTable(header, rows);

        void EndRecord()
        {
            if (any || fields.Count > 0)
            {
                fields.Add(field.ToString());
                if (fields.Count > SheetTable.MaxColumns)
                {
                    throw new SheetFormatException($"CSV line {recordLine}: more than {SheetTable.MaxColumns} columns");
                }

                // A record of one empty field is a blank line: skipped, as spreadsheet programs write them.
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    records.Add((recordLine, fields.ToArray()));
                    if (records.Count > SheetTable.MaxRows + 1)
                    {
                        throw new SheetFormatException($"more than {SheetTable.MaxRows} rows");
                    }
                }
            }

            fields.Clear();
            field.Clear();
            atFieldStart = true;
            any = false;
        }
    }

    /// <summary>Writes UTF-8 with a BOM (so Excel opens Chinese text correctly), CRLF, quoting only where needed.</summary>
    public static void Write(Stream stream, SheetTable table)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        writer.NewLine = "\r\n";
        WriteRecord(writer, table.Header);
        foreach (SheetRow row in table.Rows)
        {
            WriteRecord(writer, row.Cells);
        }
    }

    public static string ToText(SheetTable table)
    {
        using var memory = new MemoryStream();
        Write(memory, table);
        return new UTF8Encoding(false).GetString(memory.ToArray()).TrimStart('\uFEFF');
    }

    private static void WriteRecord(StreamWriter writer, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            string cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (cell[0] == ' ' || cell[^1] == ' ')))
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(cell);
            }
        }

        writer.WriteLine();
    }
}
