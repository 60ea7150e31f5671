using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory.Import;
using Ferry.Appliance.Identity;

namespace Ferry.Directory.Tests.Import;

/// <summary>The directory stack with the bulk-operation services wired as ferryd wires them.</summary>
internal sealed class ImportStack : IDisposable
{
    // The stack's DirectoryService has its own IdGenerator on the same manual clock; node 1 keeps the two apart
    // (ferryd has one generator for everything).
    public ImportStack(int passwordIterations = 1000)
    {
        var options = new FerryOptions { DataDirectory = Path.GetDirectoryName(Stack.Database.Path)!, Sessions = new SessionOptions { PasswordIterations = passwordIterations } };
        Importer = new DirectoryImporter(Stack.Database, Stack.Accounts, options, new IdGenerator(Stack.Clock, node: 1), Stack.Clock);
        Exporter = new DirectoryExporter(Stack.Database);
        Backup = new DirectoryBackup(Stack.Database, Exporter, Importer, Stack.VisibilityStore);
    }

    public DirectoryStack Stack { get; } = new();

    public DirectoryImporter Importer { get; }

    public DirectoryExporter Exporter { get; }

    public DirectoryBackup Backup { get; }

    public ImportReport Import(string csv, bool dryRun = false) => Importer.Import(Stack.Admin, CsvFormat.Parse(csv), dryRun);

    public string ExportCsv() => CsvFormat.ToText(Exporter.Export(Stack.Admin));

    public void Dispose() => Stack.Dispose();
}
