extension IVFIndex {
  /// Convenience form of `search(query:k:nprobe:refineFactor:filter:exact:workspace:)` that
  /// allocates its own scratch; hot loops should pass a per-thread `SearchWorkspace`.
  package func search(
    query: [Float], k: Int, nprobe: Int, refineFactor: Int = 1, filter: SearchFilter? = nil,
    exact: ExactVectorLookup? = nil
  ) throws(VectorIndexError) -> [Neighbor] {
    try query.withUnsafeBufferPointer { (query) throws(VectorIndexError) -> [Neighbor] in
      try search(
        query: query, k: k, nprobe: nprobe, refineFactor: refineFactor, filter: filter, exact: exact,
        workspace: SearchWorkspace())
    }
  }

  /// The best `k` entries among the `nprobe` cells whose centroids score highest.
  ///
  /// Without `exact` (or with `refineFactor ≤ 1`) scores are the codes' estimates. With it, the
  /// best `k × refineFactor` estimates are rescored with exact vectors and the best `k` exact
  /// scores returned. `filter` is checked during the scan, only for entries good enough to enter
  /// the candidate pool, so a selective filter still yields `k` results when enough pass.
  package func search(
    query: UnsafeBufferPointer<Float>, k: Int, nprobe: Int, refineFactor: Int = 1,
    filter: SearchFilter? = nil, exact: ExactVectorLookup? = nil, workspace: SearchWorkspace
  ) throws(VectorIndexError) -> [Neighbor] {
    guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
    guard k > 0, nprobe > 0, let q = query.baseAddress else { return [] }
    let refining = exact != nil && refineFactor > 1
    let candidates = workspace.candidates
    candidates.reset(capacity: SearchLimits.candidateCount(k: k, refineFactor: refining ? refineFactor : 1) { count })

    let reduced = reducedDimension
    let projected: UnsafePointer<Float>
    var meanScore: Float = 0
    if let transform {
      let buffer = workspace.queryFloats.reserve(reduced)
      transform.projectDirection(q, into: buffer)
      meanScore = transform.meanScore(q)
      projected = UnsafePointer(buffer)
    } else {
      projected = q
    }

    let cellScores = selectProbes(projected: projected, nprobe: nprobe, workspace: workspace)
    let probes = workspace.probes

    switch encoding {
    case .scalar8(let quantizer):
      let query16 = workspace.query16.reserve(reduced)
      let (scale, constant) = quantizer.prepareQuery(projected, into: query16)
      for probe in probes.kept {
        let cell = Int(probe.id)
        let base = meanScore + cellScores[cell] + constant
        scanScalar(
          cell: cell, query16: query16, scale: scale, base: base, filter: filter, workspace: workspace, into: candidates
        )
      }
    case .scalar4(let quantizer):
      let query16 = workspace.query16.reserve(reduced)
      let (scale, constant) = quantizer.prepareQuery(projected, into: query16)
      for probe in probes.kept {
        let cell = Int(probe.id)
        let base = meanScore + cellScores[cell] + constant
        scanPacked(
          cell: cell, query16: query16, scale: scale, base: base, filter: filter, workspace: workspace, into: candidates
        )
      }
    case .product(let quantizer):
      let table = workspace.table.reserve(quantizer.subquantizerCount * ProductQuantizer.codebookSize)
      quantizer.fillInnerProductTable(query: projected, into: table)
      for probe in probes.kept {
        let cell = Int(probe.id)
        let base = meanScore + cellScores[cell]
        scanProduct(
          cell: cell, table: table, subquantizers: quantizer.subquantizerCount, base: base, filter: filter,
          workspace: workspace, into: candidates)
      }
    }

    guard refining, let exact else { return candidates.sorted() }
    return ExactRescoring.rescore(candidates, query: q, dimension: dimension, k: k, workspace: workspace, exact: exact)
  }

  @inline(__always)
  private func scanScalar(
    cell: Int, query16: UnsafePointer<Int16>, scale: Float, base: Float, filter: SearchFilter?,
    workspace: SearchWorkspace, into candidates: CandidatePool
  ) {
    let list = lists[cell]
    let count = list.count
    guard count > 0 else { return }
    let scores = workspace.codeScores.reserve(count)
    let reduced = reducedDimension
    list.codes.withUnsafeBufferPointer { codes in
      guard let codes = codes.baseAddress else { return }
      codes.withMemoryRebound(to: Int8.self, capacity: count * reduced) { codes in
        Int8Kernels.dot(query: query16, codes: codes, codeCount: count, dimension: reduced, into: scores)
      }
    }
    list.ids.withUnsafeBufferPointer { ids in
      guard let ids = ids.baseAddress else { return }
      CandidateCollection.collect(
        scores: scores, ids: ids, count: count, base: base, scale: scale, filter: filter, into: candidates)
    }
  }

  @inline(__always)
  private func scanPacked(
    cell: Int, query16: UnsafePointer<Int16>, scale: Float, base: Float, filter: SearchFilter?,
    workspace: SearchWorkspace, into candidates: CandidatePool
  ) {
    let list = lists[cell]
    let count = list.count
    guard count > 0 else { return }
    let scores = workspace.codeScores.reserve(count)
    list.codes.withUnsafeBufferPointer { codes in
      guard let codes = codes.baseAddress else { return }
      Int4Kernels.dot(query: query16, codes: codes, codeCount: count, dimension: reducedDimension, into: scores)
    }
    list.ids.withUnsafeBufferPointer { ids in
      guard let ids = ids.baseAddress else { return }
      CandidateCollection.collect(
        scores: scores, ids: ids, count: count, base: base, scale: scale, filter: filter, into: candidates)
    }
  }

  @inline(__always)
  private func scanProduct(
    cell: Int, table: UnsafePointer<Float>, subquantizers: Int, base: Float, filter: SearchFilter?,
    workspace: SearchWorkspace, into candidates: CandidatePool
  ) {
    let list = lists[cell]
    let count = list.count
    guard count > 0 else { return }
    let scores = workspace.codeFloatScores.reserve(count)
    list.codes.withUnsafeBufferPointer { codes in
      guard let codes = codes.baseAddress else { return }
      LookupKernels.sum(table: table, codes: codes, codeCount: count, subquantizers: subquantizers, into: scores)
    }
    list.ids.withUnsafeBufferPointer { ids in
      guard let ids = ids.baseAddress else { return }
      CandidateCollection.collect(scores: scores, ids: ids, count: count, base: base, filter: filter, into: candidates)
    }
  }
}
