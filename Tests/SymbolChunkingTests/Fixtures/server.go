// Package kvserver serves a tiny in-memory key-value store over HTTP.
package kvserver

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"
)

// ErrNotFound is returned when a key has no value.
var ErrNotFound = errors.New("kvserver: key not found")

const (
	maxKeyLength   = 256
	maxValueLength = 1 << 20
)

// Store is a concurrency-safe map of keys to values.
type Store struct {
	mu     sync.RWMutex
	values map[string][]byte
}

// Getter reads values.
type Getter interface {
	Get(key string) ([]byte, error)
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{values: make(map[string][]byte)}
}

// Get returns the value stored under key.
func (s *Store) Get(key string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	value, ok := s.values[key]
	if !ok {
		return nil, ErrNotFound
	}
	return value, nil
}

// Put stores value under key, replacing any previous value.
func (s *Store) Put(key string, value []byte) error {
	if len(key) > maxKeyLength || len(value) > maxValueLength {
		return errors.New("kvserver: key or value too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = append([]byte(nil), value...)
	return nil
}

// Handler exposes a store over HTTP: GET reads a key, PUT writes it.
func Handler(store *Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		switch r.Method {
		case http.MethodGet:
			value, err := store.Get(key)
			if err != nil {
				http.Error(w, err.Error(), http.StatusNotFound)
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]string{"value": string(value)})
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}
