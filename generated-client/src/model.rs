//! The request model the generated code plugs into: static descriptions of each request type
//! (fields, wire names, constraint tables) and a uniform read-only view of values.
//!
//! Generated code supplies data (a [`StructSpec`] per struct) and two tiny trait impls
//! ([`Struct`], [`Value`]); validation ([`crate::validate`]) and wire encoding
//! ([`crate::wire`]) are written once here, against these views.

/// How a field travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One parameter holding one scalar value.
    Scalar,
    /// One parameter holding a JSON document supplied by the caller (sent as written).
    Json,
    /// A list sent as `Name.1=a&Name.2=b` (struct items: `Name.1.Key=k`).
    RepeatList,
    /// A list sent as one parameter holding a JSON array: `Name=["a","b"]`.
    JsonList,
    /// A JSON array whose items travel as JSON strings even where the Rust items are numbers:
    /// the page types them `String` but documents a numeric range (`timePoints=["0","19"]`
    /// from `.time_points([0, 19])`).
    JsonTextList,
    /// A dotted struct: `Name.Field=v`.
    Struct,
}

/// One rule inferred from the documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// The value (numeric, or a string holding a number) lies in one of these inclusive ranges.
    Ranges(&'static [[i64; 2]]),
    /// The value is one of these (closed value set).
    OneOf(&'static [&'static str]),
    /// At least this many characters.
    MinLen(u32),
    /// At most this many characters.
    MaxLen(u32),
    /// A list holds at least this many items.
    MinItems(u32),
    /// A list holds at most this many items.
    MaxItems(u32),
    /// The value must not start with any of these.
    NotPrefix(&'static [&'static str]),
    /// The whole value matches this regular expression (already anchored).
    Pattern(&'static str),
}

impl Check {
    /// Short stable name of the rule (`range`, `enum`, `max_len`, ...), as in the IR.
    pub fn name(&self) -> &'static str {
        match self {
            Check::Ranges(_) => "range",
            Check::OneOf(_) => "enum",
            Check::MinLen(_) => "min_len",
            Check::MaxLen(_) => "max_len",
            Check::MinItems(_) => "min_items",
            Check::MaxItems(_) => "max_items",
            Check::NotPrefix(_) => "not_prefix",
            Check::Pattern(_) => "pattern",
        }
    }

    /// Whether the rule is about the list itself rather than each of its items.
    pub fn is_list_rule(&self) -> bool {
        matches!(self, Check::MinItems(_) | Check::MaxItems(_))
    }
}

/// A rule and the page line it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub check: Check,
    pub line: u32,
}

/// Static description of one field of a request struct.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Exact wire name segment (`RegionId`, `Tag`, `Key`).
    pub wire: &'static str,
    /// Page line of the parameter row.
    pub line: u32,
    pub required: bool,
    pub shape: Shape,
    /// Rules on the value; on a list, item-count rules apply to the list and all others to each item.
    pub rules: &'static [Rule],
}

/// Static description of a request struct (the action request, a dotted struct, a list item).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StructSpec {
    /// Rust type name, for messages.
    pub name: &'static str,
    /// The page the type was generated from.
    pub page: &'static str,
    /// Fields in declaration order (the order [`Struct::visit`] reports them in).
    pub fields: &'static [FieldSpec],
    /// Wire names of the fields the page marks secret (`ecs_codegen::secret`): a validation
    /// error names them and the rule, never their value.
    pub secret: &'static [&'static str],
}

/// A borrowed, type-erased view of one value.
pub enum View<'a> {
    /// `None`: the parameter is not sent.
    Absent,
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(&'a dyn List),
    Struct(&'a dyn Struct),
}

/// Anything that can appear as a request field.
pub trait Value {
    fn view(&self) -> View<'_>;
}

/// A list of values.
pub trait List {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn item(&self, index: usize) -> Option<&dyn Value>;
}

/// A request struct: its static description and its field values, in the same order.
pub trait Struct {
    fn spec(&self) -> &'static StructSpec;
    /// Calls `f` once per field, in the order of `spec().fields`.
    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a dyn Value));
}

impl<T: Value> List for Vec<T> {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }
    fn item(&self, index: usize) -> Option<&dyn Value> {
        self.get(index).map(|v| v as &dyn Value)
    }
}

impl<T: Value> Value for Vec<T> {
    fn view(&self) -> View<'_> {
        View::List(self)
    }
}

impl<T: Value> Value for Option<T> {
    fn view(&self) -> View<'_> {
        match self {
            Some(v) => v.view(),
            None => View::Absent,
        }
    }
}

impl<T: Value + ?Sized> Value for &T {
    fn view(&self) -> View<'_> {
        (**self).view()
    }
}

impl Value for String {
    fn view(&self) -> View<'_> {
        View::Str(self)
    }
}

impl Value for str {
    fn view(&self) -> View<'_> {
        View::Str(self)
    }
}

impl Value for bool {
    fn view(&self) -> View<'_> {
        View::Bool(*self)
    }
}

macro_rules! int_value {
    ($($t:ty)*) => {$(
        impl Value for $t {
            fn view(&self) -> View<'_> {
                View::Int(i64::from(*self))
            }
        }
    )*};
}
int_value!(i8 i16 i32 i64 u8 u16 u32);

impl Value for f32 {
    fn view(&self) -> View<'_> {
        View::Float(f64::from(*self))
    }
}

impl Value for f64 {
    fn view(&self) -> View<'_> {
        View::Float(*self)
    }
}

/// Collects a struct's field values in declaration order.
pub(crate) fn fields(s: &dyn Struct) -> Vec<&dyn Value> {
    let mut out = Vec::with_capacity(s.spec().fields.len());
    s.visit(&mut |v| out.push(v));
    out
}

impl Shape {
    /// Whether the list travels as one JSON-array parameter.
    pub fn is_json_list(self) -> bool {
        matches!(self, Shape::JsonList | Shape::JsonTextList)
    }
}
