// pending merge
