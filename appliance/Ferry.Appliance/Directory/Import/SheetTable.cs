namespace Ferry.Appliance.Directory.Import;

/// <summary>One data row of an imported sheet: its row number in the file (the header is row 1) and its cells by column.</summary>
internal sealed record SheetRow(int Number, string[] Cells, bool[]? Formulas = null)
{
    public bool IsFormula(int column) => Formulas is not null && column < Formulas.Length && Formulas[column];
}

/// <summary>A single sheet of strings: a header row and data rows. What CSV and XLSX files both become.</summary>
internal sealed class SheetTable(IReadOnlyList<string> header, IReadOnlyList<SheetRow> rows)
{
    /// <summary>Excel's own limit on a cell; anything longer is refused before any directory rule runs.</summary>
    public const int MaxCellLength = 32_767;
    public const int MaxColumns = 300;
    public const int MaxRows = 1_000_000;

    public IReadOnlyList<string> Header { get; } = header;

    public IReadOnlyList<SheetRow> Rows { get; } = rows;
}

/// <summary>A file that cannot be read as a table at all (not a zip, broken quoting, too large): no row-level report is possible.</summary>
internal sealed class SheetFormatException(string message) : Exception(message);
