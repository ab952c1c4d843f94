import Glibc
import NetlinkUevent

/// `nlbench [-r REPS] uevents FILE`: decodes every uevent of a capture (datagrams, each after its
/// length as 4 little-endian bytes; scripts/uevent-decode-bench.sh writes one from a storm) with
/// `Uevent(datagram:)`, REPS times, and prints the line of the other tables, with
/// `checksum` = the properties and their value bytes summed, as scripts/bench/ueventreader.c does.
func runUeventDecode(_ arguments: [String], repetitions: Int) -> Never {
    guard arguments.count == 1, let file = fopen(arguments[0], "rb") else { fail("usage: nlbench [-r REPS] uevents FILE (a readable capture)") }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        data += chunk[0..<n]
    }
    fclose(file)
    var datagrams: [ArraySlice<UInt8>] = []
    var offset = 0
    while offset + 4 <= data.count {
        let length = Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
        offset += 4
        guard length <= data.count - offset else { fail("a truncated capture") }
        datagrams.append(data[offset..<(offset + length)])
        offset += length
    }
    var times: [Double] = []
    var messages = 0
    var checksum: UInt64 = 0
    let clock = ContinuousClock()
    for _ in 0..<repetitions {
        let start = clock.now
        messages = 0
        checksum = 0
        for datagram in datagrams {
            guard let event = try? Uevent(datagram: datagram) else { continue }
            messages += 1
            checksum &+= UInt64(event.propertyCount)
            event.forEachProperty { _, value in checksum &+= UInt64(value.count) }
        }
        times.append(Double((clock.now - start) / .nanoseconds(1)) / 1e9)
    }
    times.sort()
    print("nlbench uevents msgs=\(messages) best_s=\(times[0]) median_s=\(times[times.count / 2]) checksum=\(checksum) vmhwm_kib=\(peakResidentKiB())")
    exit(0)
}
