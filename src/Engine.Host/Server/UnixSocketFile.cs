using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Engine.Host.Server;

/// <summary>
/// The file of a Unix-socket listener, handled so that a server never destroys what is not its own
/// (issue #14, finding 1): a lock file beside the socket (<c>PATH.lock</c>, held with <c>flock</c>)
/// so two servers never share a path; a path holding anything but a socket is refused; a socket a
/// live server answers on is refused; a stale socket (nobody answers) is replaced; on stop the socket
/// is deleted only if it is still the one this server bound (same device and inode).
/// </summary>
internal sealed class UnixSocketFile : IDisposable
{
    // S_IFMT and S_IFSOCK of <sys/stat.h>: the file-type bits of st_mode, and their value for a socket.
    private const int FileTypeMask = 0xF000;
    private const int SocketFileType = 0xC000;

    private readonly string _path;
    private readonly FileStream _lock;
    private (ulong Device, ulong Inode)? _bound;

    private UnixSocketFile(string path, FileStream lockFile)
    {
        _path = path;
        _lock = lockFile;
    }

    /// <summary>The lock file's path for a socket path.</summary>
    public static string LockPath(string socketPath) => socketPath + ".lock";

    /// <summary>
    /// Takes the lock, checks what is at <paramref name="path"/> and clears a stale socket; throws
    /// <see cref="IOException"/> with a message for the operator when the path must not be used.
    /// </summary>
    public static UnixSocketFile Acquire(string path)
    {
        FileStream lockFile;
        try
        {
            // On Unix, FileShare.None makes .NET take flock(LOCK_EX | LOCK_NB) on the file: a second
            // server (or a second open in this one) fails here instead of sharing the path.
            lockFile = new FileStream(LockPath(path), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"another server holds the lock `{LockPath(path)}` for `{path}` ({e.Message})", e);
        }

        var file = new UnixSocketFile(path, lockFile);
        try
        {
            file.ClearStale();
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Sets the socket's mode and remembers its identity; call after bind, before listen (nobody can connect yet).</summary>
    public void Bound(UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_path, mode);
        }

        _bound = TryGetIdentity(_path, out _, out ulong device, out ulong inode) ? (device, inode) : null;
    }

    /// <summary>Deletes the socket if it is still the one this server bound, then releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            if (_bound is { } bound && TryGetIdentity(_path, out _, out ulong device, out ulong inode) && (device, inode) == bound)
            {
                File.Delete(_path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next server finds it stale (nobody answers) and replaces it.
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private void ClearStale()
    {
        if (!TryGetIdentity(_path, out int mode, out _, out _))
        {
            if (Path.Exists(_path))
            {
                throw new IOException($"`{_path}` exists and its type cannot be checked; refusing to replace it");
            }

            return;
        }

        if ((mode & FileTypeMask) != SocketFileType)
        {
            throw new IOException($"`{_path}` exists and is not a socket; refusing to replace it");
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(_path));
                throw new IOException($"a server is already listening on `{_path}`; stop it first, or choose another path");
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused)
            {
                // Nobody listens: a socket left by a server that did not stop cleanly.
            }
        }

        File.Delete(_path);
    }

    // lstat(2): the file's type and mode, device and inode, without following a symbolic link.
    // False when the path does not exist or the platform's struct layout is not known here.
    private static bool TryGetIdentity(string path, out int mode, out ulong device, out ulong inode)
    {
        mode = 0;
        device = 0;
        inode = 0;
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            // glibc/musl struct stat: st_dev, st_ino, then st_nlink (8 bytes) before st_mode on x64.
            Architecture.X64 when OperatingSystem.IsLinux() => 24,
            Architecture.Arm64 when OperatingSystem.IsLinux() => 16,
            _ => -1,
        };
        if (modeOffset < 0)
        {
            return false;
        }

        byte[] buffer = new byte[256];
        if (NativeMethods.LStat(path, buffer) != 0)
        {
            return false;
        }

        device = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(8));
        mode = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(modeOffset));
        return true;
    }

    private static class NativeMethods
    {
        // DllImport rather than LibraryImport: the generated marshaller would need unsafe code in this project.
        [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
    }
}
