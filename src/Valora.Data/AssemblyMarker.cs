namespace Valora.Data;
