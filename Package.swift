// swift-tools-version: 6.1
import PackageDescription

/// The nearest-neighbour kernels are plain loops and SIMD values that LLVM turns into AVX2/FMA
/// code (`vpmaddwd`, `vfmadd231ps`); unoptimized they run 20-30x slower, which would make the
/// recall tests crawl, so the module is optimized in debug builds too (`-Ounchecked` measured
/// no faster than `-O`, so checks stay on). `haswell` is the x86-64-v3 baseline (AVX2, FMA):
/// without it the kernels get SSE2 only; the binary then needs an AVX2 machine.
let kernelFlags: [SwiftSetting] = [
  .unsafeFlags(["-O"], .when(configuration: .debug)),
  .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux])),
]

let package = Package(
  name: "sextant",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "sextant", targets: ["sextant"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
  ],
  targets: [
    .executableTarget(
      name: "sextant",
      dependencies: [
        "SearchServer", "SearchEngine", "JSONRPCTransport", "LSPProtocol", "SearchCore", "Embedding",
        "EmbeddingProviders", "NeuralInference", "VectorStore", "VectorCodecs", "VectorIndex",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(
      name: "SearchCore",
      // SHA-256 of every file and of the 90 MB model: unoptimized it takes most of a minute.
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
    ),
    .target(name: "Embedding", dependencies: ["SearchCore"]),
    .target(
      name: "EmbeddingProviders",
      dependencies: [
        "Embedding", "NeuralInference", "SearchCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
      ]
    ),
    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .target(name: "BLASSupport", dependencies: ["CBLAS"]),
    .target(
      name: "NeuralInference",
      dependencies: ["CBLAS", "BLASSupport"],
      // The SIMD kernels are ~30x slower unoptimized; this keeps debug builds and tests usable.
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
    ),

    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .target(
      name: "VectorCodecs",
      dependencies: ["CZstd"],
      // Per-block encode and decode run on every cache miss; unoptimized they dominate tests.
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
    ),
    .target(
      name: "VectorStore",
      dependencies: ["VectorCodecs"],
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
    ),

    .target(name: "VectorIndex", dependencies: ["CBLAS", "BLASSupport"], swiftSettings: kernelFlags),

    .target(name: "LSPProtocol"),
    .target(name: "JSONRPCTransport", dependencies: ["LSPProtocol"]),
    .target(
      name: "SearchServer",
      dependencies: [
        "LSPProtocol", "JSONRPCTransport", "SearchEngine", "SearchCore", "Embedding", "EmbeddingProviders",
      ]
    ),
    .target(
      name: "SearchEngine",
      dependencies: [
        "SearchCore", "SymbolChunking", "MetadataStore", "Embedding", "EmbeddingProviders", "VectorStore", "VectorCodecs",
        "VectorIndex",
      ]
    ),
    .target(
      name: "SymbolChunking",
      dependencies: [
        "SearchCore",
        .product(name: "SwiftParser", package: "swift-syntax"),
        .product(name: "SwiftSyntax", package: "swift-syntax"),
      ]
    ),
    .target(
      name: "MetadataStore",
      dependencies: ["SearchCore", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    .testTarget(name: "SearchCoreTests", dependencies: ["SearchCore"]),
    .testTarget(name: "LSPProtocolTests", dependencies: ["LSPProtocol"]),
    .testTarget(name: "JSONRPCTransportTests", dependencies: ["JSONRPCTransport", "LSPProtocol"]),
    .testTarget(
      name: "SearchServerTests",
      dependencies: ["SearchServer", "JSONRPCTransport", "LSPProtocol", "SearchEngine", "Embedding", "EmbeddingProviders"]
    ),
    .testTarget(
      name: "SearchEngineTests", dependencies: [
        "SearchEngine", "SearchCore", "Embedding", "EmbeddingProviders", "MetadataStore", "VectorStore", "VectorCodecs",
        "SymbolChunking", "VectorIndex",
      ]),
    .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "EmbeddingProviders", "SearchCore"]),
    .testTarget(name: "NeuralInferenceTests", dependencies: ["NeuralInference"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SymbolChunkingTests", dependencies: ["SymbolChunking", "SearchCore"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "MetadataStoreTests", dependencies: ["MetadataStore", "SearchCore"]),
    .testTarget(name: "VectorCodecsTests", dependencies: ["VectorCodecs"]),
    .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex"], swiftSettings: kernelFlags),
    .testTarget(name: "VectorStoreTests", dependencies: ["VectorStore", "VectorCodecs"]),
    .testTarget(name: "ProtocolFixtureTests", dependencies: ["LSPProtocol", "JSONRPCTransport"]),
  ]
)
