namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// What each account may see of the directory (issue 3 §3). The client directory API asks it once per request and
/// filters the tree, profiles and search results through the <see cref="DirectoryView"/> it returns.
/// </summary>
internal interface IDirectoryVisibility
{
    /// <summary>The viewer's view as of now. Cheap enough to call per request (built from an in-memory snapshot).</summary>
    DirectoryView ViewOf(long viewerAccountId);
}
