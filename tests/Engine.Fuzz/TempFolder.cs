namespace Engine.Fuzz;

/// <summary>
/// Temporary folders for the targets' files, deleted when the process exits (engine-fuzz) or
/// when a test class is done with them (<see cref="DeleteAll"/>: a test host is killed, not exited).
/// </summary>
public static class TempFolder
{
    private static readonly List<string> s_folders = [];

    static TempFolder() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>Creates a folder.</summary>
    /// <param name="prefix">The start of its name.</param>
    public static string Create(string prefix)
    {
        string folder = Directory.CreateTempSubdirectory(prefix).FullName;
        lock (s_folders)
        {
            s_folders.Add(folder);
        }

        return folder;
    }

    /// <summary>Deletes every folder created so far; the targets using them must not run again in this process.</summary>
    public static void DeleteAll()
    {
        lock (s_folders)
        {
            foreach (string folder in s_folders)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort: a folder left in the temp directory is harmless.
                }
            }

            s_folders.Clear();
        }
    }
}
