import SymbolChunking
import Testing

/// Where declarations end when ctags reports no end line (Rust, TypeScript, JavaScript, PHP,
/// Kotlin, Shell, Lua, SQL) and where it does (Python, Go, C, Java).
@Suite struct SymbolExtentTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var path: String
    var text: String
    var symbols: [String]
    var testDescription: String { path }
  }

  static let cases: [Case] = [
    Case(
      path: "lib.rs",
      text: """
        pub struct Unit;
        pub struct Pair(i32, i32);

        pub enum Shape {
            Circle { radius: f64 },
            Square(f64),
        }

        impl<'a> Shape {
            pub fn area(&self, label: &'a str) -> f64 {
                let quote = '"';
                match self {
                    Shape::Circle { radius } => 3.14 * radius * radius,
                    Shape::Square(side) => side * side,
                }
            }
        }

        pub fn helper<T>(value: T) -> T
        where
            T: Clone,
        {
            value.clone()
        }
        """,
      symbols: [
        "struct Unit L1-1", "struct Pair L2-2", "enum Shape L4-7", "enumMember Shape.Circle L5-5",
        "enumMember Shape.Square L6-6", "object Shape L9-17", "method Shape.area L10-16",
        "function helper L19-24",
      ]),
    Case(
      path: "api.ts",
      text: """
        export type Handler = (event: string) => void;

        export const routes = [
          { path: "/", name: "home" },
          { path: "/about", name: "about" },
        ];

        export interface Named {
          rename(name: string): void;
          readonly name: string;
        }

        export class Base {
          protected log(message: string): void {
            console.log(`[${this.constructor.name}] ${message}`);
          }
        }

        export const double = (x: number) =>
          x * 2;
        """,
      symbols: [
        "typeParameter Handler L1-1", "constant routes L3-6", "interface Named L8-11",
        "method Named.rename L9-9", "property Named.name L10-10", "class Base L13-17",
        "method Base.log L14-16", "constant double L19-20",
      ]),
    Case(
      path: "Greeter.php",
      text: """
        <?php
        class Greeter
        {
            private $greeting = "Hello {name}";

            public function greet($name)
            {
                return str_replace("{name}", $name, $this->greeting);
            }
        }

        function shout($text) {
            return strtoupper($text);
        }
        """,
      symbols: [
        "class Greeter L2-10", "field Greeter.greeting L4-4", "method Greeter.greet L6-9",
        "function shout L12-14",
      ]),
    Case(
      path: "Main.kt",
      text: """
        package demo

        class Counter(val start: Int) {
            var count = start

            fun next(): Int {
                count += 1
                return count
            }

            fun reset() = run { count = start }
        }
        """,
      symbols: [
        "package demo L1-1", "class Counter L3-12", "constant Counter.start L3-3",
        "field Counter.count L4-4", "method Counter.next L6-9", "method Counter.reset L11-11",
      ]),
    Case(
      path: "deploy.sh",
      text: """
        #!/bin/sh
        alias ll='ls -l'

        deploy() {
          echo "deploying $# targets"
          for target in "$@"; do
            rsync -a build/ "$target:"
          done
        }

        deploy "$@"
        """,
      symbols: ["function ll L2-2", "function deploy L4-9"]),
    Case(
      path: "util.lua",
      text: """
        local M = {}

        function M.add(a, b)
          return a + b
        end

        local function helper()
          return 42
        end

        return M
        """,
      symbols: ["function M.add L3-5", "function helper L7-11"]),
    Case(
      path: "schema.sql",
      text: """
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL
        );

        CREATE VIEW named_users AS
          SELECT id, name FROM users
          WHERE name <> '';
        """,
      symbols: [
        "struct users L1-4", "field users.id L2-2", "field users.name L3-3",
        "struct named_users L6-8",
      ]),
    Case(
      path: "settings.py",
      text: """
        DEFAULTS = {
            "timeout": 30,
            "retries": 3,
        }
        SEPARATOR = ' \\t'
        BANNER = \"\"\"
        multi-line
        \"\"\"


        def load(path):
            return dict(DEFAULTS)
        """,
      symbols: [
        "variable DEFAULTS L1-4", "variable SEPARATOR L5-5", "variable BANNER L6-8",
        "function load L11-12",
      ]),
  ]

  @Test(arguments: cases)
  func check(_ testCase: Case) {
    let file = FileChunker().chunk(path: testCase.path, text: testCase.text)
    #expect(file.chunker == .ctags)
    #expect(file.symbols.map(summary) == testCase.symbols)
    expectWellFormed(file, text: testCase.text, path: testCase.path)
  }
}
