using System.Net;
using System.Net.Sockets;

namespace Ssmd.Testing.Internal;

/// <summary>Free TCP ports on 127.0.0.1, found by letting the kernel pick one.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// Binds to port 0, reads the port the kernel chose and closes the socket. Another process can
    /// take the port before the server binds it; callers retry on "address already in use".
    /// </summary>
    public static int[] Allocate(int count)
    {
        // Hold every socket until all are chosen so one call never returns the same port twice.
        var sockets = new List<Socket>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)];
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }
}
